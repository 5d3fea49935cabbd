package io.netmapper.sniffer.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.MessageLite;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.sniffer.metrics.SnifferMetrics;
import io.netmapper.sniffer.testing.RecordingMapper;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared delivery with the sniffer's gRPC sender against a real gRPC server on loopback. */
class DeliveryToGrpcMapperTest {

  private static ReportDelivery<MessageLite> delivery(
      GrpcReportSender sender, SnifferMetrics metrics, int maxBatches) {
    DeliveryConfig config =
        new DeliveryConfig(
            maxBatches, 1 << 20, Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.2);
    return new ReportDelivery<>(
        ReportDelivery.newReporter("sniffer", "node-a"),
        config,
        sender,
        metrics,
        r -> new Thread(r, "deliver"),
        new SplittableRandom(1));
  }

  private static void offer(ReportDelivery<MessageLite> d, int port) {
    d.offer(
        h ->
            ConnectionReport.newBuilder()
                .setHeader(h)
                .addConnections(
                    Connection.newBuilder()
                        .setClientIp("192.0.2.10")
                        .setClientPort(port)
                        .setServerIp("192.0.2.20")
                        .setServerPort(443))
                .build());
  }

  private static double metric(SnifferMetrics metrics, String line) {
    return metrics
        .scrape()
        .lines()
        .filter(l -> l.startsWith(line + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(line.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  @Test
  void mapperStopped_batchesAreKeptAndDeliveredInOrderAfterItStarts() {
    SnifferMetrics metrics = new SnifferMetrics();
    try (RecordingMapper mapper = new RecordingMapper();
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(2));
        ReportDelivery<MessageLite> d = delivery(sender, metrics, 100)) {
      metrics.bufferGauges(d::bufferedBytes, d::bufferedBatches);
      d.start();
      for (int i = 0; i < 5; i++) {
        offer(d, 40000 + i);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> metric(metrics, "netmapper_sniffer_batches_retried_total") >= 2);
      assertThat(d.bufferedBatches()).isEqualTo(5);
      assertThat(metric(metrics, "netmapper_sniffer_buffer_bytes")).isPositive();

      mapper.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> mapper.sequences.size() == 5);
      assertThat(mapper.sequences).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(mapper.connections)
          .extracting(r -> r.getConnections(0).getClientPort())
          .containsExactly(40000, 40001, 40002, 40003, 40004);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> metric(metrics, "netmapper_sniffer_batches_sent_total") == 5);
      assertThat(metric(metrics, "netmapper_sniffer_buffer_bytes")).isZero();
    }
  }

  @Test
  void tinyBuffer_dropsOldestBatchesAndCountsThem() {
    SnifferMetrics metrics = new SnifferMetrics();
    try (RecordingMapper mapper = new RecordingMapper();
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(2));
        ReportDelivery<MessageLite> d = delivery(sender, metrics, 2)) {
      d.start();
      for (int i = 0; i < 6; i++) {
        offer(d, 41000 + i);
      }
      assertThat(metric(metrics, "netmapper_sniffer_batches_dropped_total{reason=\"buffer_full\"}"))
          .isEqualTo(4);
      mapper.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> d.bufferedBatches() == 0 && mapper.sequences.size() >= 2);
      assertThat(mapper.sequences).endsWith(5L, 6L);
    }
  }

  @Test
  void invalidBatch_isDroppedAsRejectedNotRetried() {
    SnifferMetrics metrics = new SnifferMetrics();
    try (RecordingMapper mapper = new RecordingMapper().start();
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(2));
        ReportDelivery<MessageLite> d = delivery(sender, metrics, 10)) {
      d.start();
      // a header without sequence is refused with INVALID_ARGUMENT by the server
      d.offer(h -> ConnectionReport.newBuilder().setHeader(h.toBuilder().setSequence(0)).build());
      offer(d, 42000);
      await().atMost(Duration.ofSeconds(10)).until(() -> mapper.sequences.size() == 1);
      assertThat(metric(metrics, "netmapper_sniffer_batches_dropped_total{reason=\"rejected\"}"))
          .isEqualTo(1);
      assertThat(metric(metrics, "netmapper_sniffer_batches_retried_total")).isZero();
    }
  }
}
