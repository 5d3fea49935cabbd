package io.netmapper.aws.report;

import io.netmapper.api.v1.AwsOperation;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.common.deliver.ObservationWindows;
import io.netmapper.common.deliver.ReportDelivery;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an interval's calls into {@link AwsOperationReport} batches and offers them for delivery.
 */
public final class AwsReports {
  private final ReportDelivery<AwsOperationReport> delivery;
  private final int batchMaxEntries;

  public AwsReports(ReportDelivery<AwsOperationReport> delivery, int batchMaxEntries) {
    if (batchMaxEntries < 1) {
      throw new IllegalArgumentException("batchMaxEntries must be >= 1");
    }
    this.delivery = delivery;
    this.batchMaxEntries = batchMaxEntries;
  }

  /** Offers the calls in batches of at most {@code batchMaxEntries}; returns the batch count. */
  public int offer(List<AwsCallSeen> calls) {
    int batches = 0;
    for (int from = 0; from < calls.size(); from += batchMaxEntries) {
      List<AwsOperation> chunk = new ArrayList<>(Math.min(batchMaxEntries, calls.size() - from));
      for (AwsCallSeen c : calls.subList(from, Math.min(calls.size(), from + batchMaxEntries))) {
        chunk.add(toProto(c));
      }
      delivery.offer(
          header ->
              AwsOperationReport.newBuilder().setHeader(header).addAllOperations(chunk).build());
      batches++;
    }
    return batches;
  }

  static AwsOperation toProto(AwsCallSeen c) {
    AwsCallSeen.Key k = c.key();
    return AwsOperation.newBuilder()
        .setSeen(ObservationWindows.of(c.firstSeenMillis(), c.lastSeenMillis(), c.count()))
        .setClientIp(k.clientIp())
        .setService(k.service())
        .setRegion(k.region())
        .addAllActions(k.actions())
        .addAllResourceArns(k.resourceArns())
        .build();
  }
}
