package io.netmapper.kafkawatcher.deliver;

import io.netmapper.api.v1.KafkaAccess;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.common.deliver.ObservationWindows;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.kafkawatcher.collect.KafkaAccessSeen;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an interval's accesses into {@link KafkaAccessReport} batches and offers them for delivery.
 */
public final class KafkaReports {
  private final ReportDelivery<KafkaAccessReport> delivery;
  private final int batchMaxEntries;

  public KafkaReports(ReportDelivery<KafkaAccessReport> delivery, int batchMaxEntries) {
    this.delivery = delivery;
    this.batchMaxEntries = batchMaxEntries;
  }

  /** Offers the accesses in batches of at most {@code batchMaxEntries}; returns the batch count. */
  public int offer(List<KafkaAccessSeen> accesses) {
    int batches = 0;
    for (int from = 0; from < accesses.size(); from += batchMaxEntries) {
      List<KafkaAccess> chunk = new ArrayList<>(Math.min(batchMaxEntries, accesses.size() - from));
      for (KafkaAccessSeen a :
          accesses.subList(from, Math.min(accesses.size(), from + batchMaxEntries))) {
        chunk.add(toProto(a));
      }
      delivery.offer(
          header -> KafkaAccessReport.newBuilder().setHeader(header).addAllAccesses(chunk).build());
      batches++;
    }
    return batches;
  }

  static KafkaAccess toProto(KafkaAccessSeen a) {
    KafkaAccessSeen.Key k = a.key();
    return KafkaAccess.newBuilder()
        .setSeen(ObservationWindows.of(a.firstSeenMillis(), a.lastSeenMillis(), a.count()))
        .setClientIp(k.clientIp())
        .setServerPodName(k.broker().name())
        .setServerPodNamespace(k.broker().namespace())
        .setTopic(k.topic())
        .setOperation(k.operation())
        .setAllowed(k.allowed())
        .setPatternType(k.patternType())
        .build();
  }
}
