package io.netmapper.sniffer.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.MessageLite;
import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.sniffer.collect.Aggregator;
import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.metrics.SnifferMetrics;
import io.netmapper.sniffer.testing.RecordingMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sniffer's aggregation and delivery (real gRPC to a real ReportService on loopback) under a
 * long mapper outage and under a pod flooding forged oversize DNS answers. The 10-minute soak of
 * the whole process is a bench ({@code OutageSoakBench}); this is the same property in seconds: the
 * outage is counted in report intervals, the buffer is small.
 */
class OutageAndAbuseTest {
  private static final int CAP = 16_384;
  private final ExecutorService flush = Executors.newSingleThreadExecutor();
  private final SnifferMetrics metrics = new SnifferMetrics();

  @AfterEach
  void stop() {
    flush.shutdownNow();
  }

  private ReportDelivery<MessageLite> delivery(GrpcReportSender sender, long maxBytes) {
    return new ReportDelivery<>(
        ReportDelivery.newReporter("sniffer", "node-a"),
        new DeliveryConfig(1000, maxBytes, Duration.ofMillis(20), Duration.ofMillis(100), 2, 0.2),
        sender,
        metrics,
        r -> new Thread(r, "deliver-test"),
        new SplittableRandom(1));
  }

  private double metric(String line) {
    return metrics
        .scrape()
        .lines()
        .filter(l -> l.startsWith(line + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(line.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  private static DnsAnswer answer(String client, String name, List<String> ips, long t) {
    return new DnsAnswer(client, 40000, (int) (t & 0xffff), name, List.of(), ips, 30, t);
  }

  private static ConnectionSeen syn(String client, String server, int port, long t) {
    return new ConnectionSeen(
        ConnectionSeen.Source.SYN, client, 40000, server, port, Attribution.NONE, t, t);
  }

  @Test
  void mapperAwayForManyIntervals_bufferStaysWithinItsBytes_dropsCounted_deliveryResumes() {
    long maxBytes = 256 << 10;
    try (RecordingMapper mapper = new RecordingMapper();
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(2));
        ReportDelivery<MessageLite> d = delivery(sender, maxBytes)) {
      IntervalReporter reporter = new IntervalReporter(new ReportBuilder(5000), d, flush);
      Aggregator aggregator = new Aggregator(CAP, CAP / 10, metrics, reporter);
      d.start();
      long t = 0;
      // 200 intervals of 1k DNS answers + 1k connections each (~130 KB of batches per interval)
      for (int interval = 0; interval < 200; interval++) {
        for (int i = 0; i < 1000; i++) {
          String client = "10.244.1." + (i % 50);
          aggregator.dnsAnswer(
              answer(client, "svc" + i + ".i" + interval + ".test", List.of("10.96.0.1"), ++t));
          aggregator.connection(syn(client, "10.244.2." + (i % 200), 1000 + interval, ++t));
        }
        reporter.report(aggregator.drain());
        assertThat(d.bufferedBytes()).isLessThanOrEqualTo(maxBytes);
      }
      assertThat(metric("netmapper_sniffer_batches_dropped_total{reason=\"buffer_full\"}"))
          .isPositive();
      assertThat(metric("netmapper_sniffer_batches_sent_total")).isZero();
      long lastSequence =
          d.offer(h -> io.netmapper.api.v1.ConnectionReport.newBuilder().setHeader(h).build());

      mapper.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> d.bufferedBatches() == 0 && mapper.sequences.contains(lastSequence));
      // the newest intervals survived the outage: the last one's answers arrived
      assertThat(
              mapper.dns.stream()
                  .flatMap(r -> r.getAnswersList().stream())
                  .filter(a -> a.getQueryName().endsWith(".i199.test")))
          .hasSize(1000);
    }
  }

  @Test
  void podFloodingForgedOversizeAnswers_otherPodsEdgesKeepArriving() {
    String hostile = "10.244.1.66";
    try (RecordingMapper mapper = new RecordingMapper().start();
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(5));
        ReportDelivery<MessageLite> d = delivery(sender, 8 << 20)) {
      IntervalReporter reporter = new IntervalReporter(new ReportBuilder(5000), d, flush);
      Aggregator aggregator = new Aggregator(CAP, CAP / 10, metrics, reporter);
      d.start();
      // a forged response of ~64 KB: 4,000 A records (16 bytes each on the wire)
      List<String> forged = new ArrayList<>();
      for (int i = 0; i < 4000; i++) {
        forged.add("198.51." + (i >> 8) + "." + (i & 0xff));
      }
      SplittableRandom random = new SplittableRandom(7);
      long t = 0;
      int intervals = 5;
      for (int interval = 0; interval < intervals; interval++) {
        for (int i = 0; i < 330; i++) {
          aggregator.dnsAnswer(
              answer(hostile, "x" + random.nextLong() + ".evil.test", forged, ++t));
          if (i % 33 == 0) {
            for (int pod = 0; pod < 20; pod++) {
              String client = "10.244.2." + pod;
              aggregator.dnsAnswer(
                  answer(client, "api" + (i / 33) + ".shop.test", List.of("10.96.0.9"), ++t));
              aggregator.connection(syn(client, "10.244.3.1", 8000 + i / 33, ++t));
            }
          }
        }
        reporter.report(aggregator.drain());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> d.bufferedBatches() == 0);

      Map<String, Long> otherAnswers = new HashMap<>();
      mapper.dns.stream()
          .flatMap(r -> r.getAnswersList().stream())
          .filter(a -> !a.getClientIp().equals(hostile))
          .forEach(
              a -> otherAnswers.merge(a.getClientIp() + " " + a.getQueryName(), 1L, Long::sum));
      // 20 pods x 10 names, each in every interval
      assertThat(otherAnswers)
          .hasSize(200)
          .allSatisfy((k, n) -> assertThat(n).isEqualTo(intervals));
      long otherConnections =
          mapper.connections.stream()
              .flatMap(r -> r.getConnectionsList().stream())
              .filter(c -> !c.getClientIp().equals(hostile))
              .count();
      assertThat(otherConnections).isEqualTo(200L * intervals);
      assertThat(
              mapper.dns.stream()
                  .flatMap(r -> r.getAnswersList().stream())
                  .filter(a -> a.getClientIp().equals(hostile)))
          .hasSize(330 * intervals)
          .allSatisfy(a -> assertThat(a.getIpsCount()).isEqualTo(Aggregator.MAX_ADDRESSES));
      assertThat(mapper.dns).allSatisfy(r -> assertThat(r.getSerializedSize()).isLessThan(2 << 20));
      assertThat(metric("netmapper_sniffer_truncated_answers_total{reason=\"addresses\"}"))
          .isEqualTo(330.0 * intervals);
      assertThat(metrics.scrape()).doesNotContain("netmapper_sniffer_batches_dropped_total{");
    }
  }
}
