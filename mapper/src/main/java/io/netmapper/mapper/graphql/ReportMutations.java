package io.netmapper.mapper.graphql;

import com.google.protobuf.Timestamp;
import io.netmapper.api.v1.AwsOperation;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.HttpAccess;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.api.v1.KafkaAccess;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.api.v1.ObservationWindow;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.api.v1.Reporter;
import io.netmapper.mapper.ingest.ReportService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Otterize's report mutations turned into netmapper's report batches and handed to the {@link
 * ReportService}, as a gRPC call would be: the same validation (a bad entry is refused by field and
 * never costs the others), duplicate detection, metrics and resolution. Each Otterize component
 * gets a reporter identity of its own ({@code otterize-sniffer}, ...), one instance per mapper
 * start, with a sequence per request.
 */
final class ReportMutations {
  private final ReportService reports;
  private final Clock clock;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong sequence = new AtomicLong();

  ReportMutations(ReportService reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  /** Otterize's sniffer: DNS answers ({@code destination} is the name asked for). */
  boolean captureResults(List<Map<String, Object>> results) {
    DnsAnswerReport.Builder b = DnsAnswerReport.newBuilder().setHeader(header("otterize-sniffer"));
    for (Map<String, Object> src : results) {
      for (Map<String, Object> d : destinations(src)) {
        DnsAnswer.Builder a =
            DnsAnswer.newBuilder()
                .setSeen(window((Instant) d.get("lastSeen"), 1))
                .setClientIp(str(src.get("srcIp")))
                .setQueryName(str(d.get("destination")));
        if (d.get("destinationIP") != null) {
          a.addIps(str(d.get("destinationIP")));
        }
        if (d.get("TTL") instanceof Integer ttl && ttl > 0) {
          a.setTtlSeconds(ttl);
        }
        b.addAnswers(a);
      }
    }
    return ok(Unary.call(reports::reportDnsAnswers, b.build()));
  }

  /**
   * Otterize's TCP SYN capture ({@code reportTCPCaptureResults}) and socket scan ({@code
   * reportSocketScanResults}): {@code srcIp} is the client, each destination a server address and
   * port; the source ports count the connections seen.
   */
  boolean connections(List<Map<String, Object>> results, ConnectionEvidence evidence) {
    ConnectionReport.Builder b =
        ConnectionReport.newBuilder().setHeader(header("otterize-sniffer"));
    for (Map<String, Object> src : results) {
      for (Map<String, Object> d : destinations(src)) {
        List<?> ports = d.get("srcPorts") instanceof List<?> l ? l : List.of();
        String server =
            d.get("destinationIP") != null
                ? str(d.get("destinationIP"))
                : str(d.get("destination"));
        b.addConnections(
            Connection.newBuilder()
                .setSeen(window((Instant) d.get("lastSeen"), Math.max(1, ports.size())))
                .setClientIp(str(src.get("srcIp")))
                .setClientPort(
                    ports.isEmpty() ? 0 : Math.max(0, ((Number) ports.get(0)).intValue()))
                .setServerIp(server)
                .setServerPort(d.get("destinationPort") instanceof Integer p ? Math.max(0, p) : 0)
                .setEvidence(evidence));
      }
    }
    return ok(Unary.call(reports::reportConnections, b.build()));
  }

  /** Otterize's Kafka watcher: one authorizer-log line, allowed (it reports nothing else). */
  boolean kafkaResults(List<Map<String, Object>> results) {
    KafkaAccessReport.Builder b =
        KafkaAccessReport.newBuilder().setHeader(header("otterize-kafka-watcher"));
    for (Map<String, Object> r : results) {
      b.addAccesses(
          KafkaAccess.newBuilder()
              .setSeen(window((Instant) r.get("lastSeen"), 1))
              .setClientIp(str(r.get("srcIp")))
              .setServerPodName(str(r.get("serverPodName")))
              .setServerPodNamespace(str(r.get("serverNamespace")))
              .setTopic(str(r.get("topic")))
              .setOperation(kafkaOperation(str(r.get("operation"))))
              .setAllowed(true));
    }
    return ok(Unary.call(reports::reportKafkaAccesses, b.build()));
  }

  /** Otterize's Istio watcher: one entry per method of each connection. */
  boolean istioResults(List<Map<String, Object>> results) {
    HttpAccessReport.Builder b =
        HttpAccessReport.newBuilder().setHeader(header("otterize-istio-watcher"));
    for (Map<String, Object> r : results) {
      List<?> methods = r.get("methods") instanceof List<?> l ? l : List.of();
      for (Object method : methods) {
        b.addAccesses(
            HttpAccess.newBuilder()
                .setSeen(window((Instant) r.get("lastSeen"), 1))
                .setSourceWorkload(str(r.get("srcWorkload")))
                .setSourceNamespace(str(r.get("srcWorkloadNamespace")))
                .setDestinationWorkload(str(r.get("dstWorkload")))
                .setDestinationNamespace(str(r.get("dstWorkloadNamespace")))
                .setDestinationService(str(r.get("dstServiceName")))
                .setMethod(str(method))
                .setPath(str(r.get("path"))));
      }
    }
    return ok(Unary.call(reports::reportHttpAccesses, b.build()));
  }

  /**
   * Otterize's AWS visibility: netmapper names AWS clients by their IP, so {@code srcIp} is
   * required (an entry with only {@code client} or {@code iamRole} is refused by the validator).
   * Otterize sends no time: the mapper's clock stands in.
   */
  boolean awsOperations(List<Map<String, Object>> operations) {
    AwsOperationReport.Builder b =
        AwsOperationReport.newBuilder().setHeader(header("otterize-aws-visibility"));
    Instant now = clock.instant();
    for (Map<String, Object> o : operations) {
      String arn = str(o.get("resource"));
      List<?> actions = o.get("actions") instanceof List<?> l ? l : List.of();
      b.addOperations(
          AwsOperation.newBuilder()
              .setSeen(window(now, 1))
              .setClientIp(str(o.get("srcIp")))
              .setService(awsService(arn, actions))
              .addResourceArns(arn)
              .addAllActions(actions.stream().map(ReportMutations::str).toList()));
    }
    return ok(Unary.call(reports::reportAwsOperations, b.build()));
  }

  /** {@code arn:aws:s3:::bucket} → s3; for {@code *}, the prefix of the first action. */
  static String awsService(String arn, List<?> actions) {
    String[] parts = arn.split(":", -1);
    if (parts.length >= 3 && parts[0].equals("arn")) {
      return parts[2];
    }
    if (!actions.isEmpty()) {
      String a = str(actions.get(0));
      int colon = a.indexOf(':');
      return colon < 0 ? "" : a.substring(0, colon);
    }
    return "";
  }

  /**
   * Otterize's watcher sends the authorizer's words (Read, Write...); its own enum names (CONSUME,
   * PRODUCE) are accepted too.
   */
  static String kafkaOperation(String op) {
    return switch (op.toUpperCase(Locale.ROOT)) {
      case "CONSUME" -> "READ";
      case "PRODUCE" -> "WRITE";
      default -> op;
    };
  }

  private BatchHeader header(String component) {
    return BatchHeader.newBuilder()
        .setReporter(Reporter.newBuilder().setComponent(component).setInstanceId(instance))
        .setSequence(sequence.incrementAndGet())
        .build();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> destinations(Map<String, Object> src) {
    Object d = src.get("destinations");
    return d instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  private static ObservationWindow window(Instant at, int count) {
    if (at == null) {
      return ObservationWindow.getDefaultInstance();
    }
    Timestamp ts =
        Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    return ObservationWindow.newBuilder().setFirstSeen(ts).setLastSeen(ts).setCount(count).build();
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static boolean ok(ReportAck ack) {
    return true;
  }
}
