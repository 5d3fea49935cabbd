package io.netmapper.kafkawatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.common.health.HealthServer;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz and /metrics of a running watcher, and a clear start error when the port is taken. */
class HealthAndMetricsTest {
  @TempDir Path dir;

  KafkaWatcherConfig fileConfig(Path log, int port) {
    return KafkaWatcherConfig.parse(
        new String[0],
        Map.of(
            "NETMAPPER_LOG_FILE",
            log.toString(),
            "NETMAPPER_BROKERS",
            "kafka-0.kafka",
            "NETMAPPER_HEALTH_ADDRESS",
            "127.0.0.1",
            "NETMAPPER_HEALTH_PORT",
            Integer.toString(port),
            "NETMAPPER_REPORT_INTERVAL",
            "PT1H",
            "NETMAPPER_FILE_POLL_INTERVAL",
            "PT0.02S",
            "NETMAPPER_TELEMETRY_ENABLED",
            "false"));
  }

  @Test
  void healthzNamesEachBrokersStream_metricsCountLinesAndReports() throws Exception {
    Path log = dir.resolve("authorizer.log");
    Files.writeString(
        log,
        "[2026-11-26 03:32:54,786] INFO Principal = User:x is Denied operation = READ from host = 10.0.0.1"
            + " on resource = Topic:LITERAL:t for request = Fetch with resourceRefCount = 1 based on rule DefaultDeny (kafka.authorizer.logger)\n"
            + "[2026-11-26 03:32:54,787] INFO Principal = User:x is Denied operation\n");
    List<KafkaAccessReport> sent = new CopyOnWriteArrayList<>();
    KafkaWatcherMetrics metrics = new KafkaWatcherMetrics();
    try (KafkaWatcher w =
        new KafkaWatcher(fileConfig(log, 0), metrics, sent::add, null, Clock.systemUTC())) {
      w.start();
      HttpClient http = HttpClient.newHttpClient();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  get(http, w, "/metrics")
                      .body()
                      .contains(
                          "netmapper_kafkawatcher_lines_read_total{broker=\"kafka-0.kafka\"} 2.0"));
      assertThat(w.flush()).isEqualTo(1);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sent.size() == 1);
      HttpResponse<String> health = get(http, w, "/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("broker kafka-0.kafka streaming");
      String m = get(http, w, "/metrics").body();
      assertThat(m)
          .contains(
              "netmapper_kafkawatcher_lines_matched_total{broker=\"kafka-0.kafka\",resource=\"topic\",result=\"denied\"} 1.0")
          .contains("netmapper_kafkawatcher_lines_malformed_total{reason=\"no_operation\"} 1.0")
          .contains("netmapper_kafkawatcher_reports_sent_total 1.0")
          .contains(
              "netmapper_kafkawatcher_stream_state{broker=\"kafka-0.kafka\",state=\"streaming\"} 1.0");
      assertThat(sent.get(0).getHeader().getReporter().getComponent()).isEqualTo("kafka-watcher");
      assertThat(sent.get(0).getHeader().getSequence()).isEqualTo(1);
      assertThat(sent.get(0).getAccesses(0).getAllowed()).isFalse();
    }
  }

  @Test
  void healthPortInUse_isAClearStartError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      KafkaWatcher w =
          new KafkaWatcher(
              fileConfig(dir.resolve("x.log"), taken.getLocalPort()),
              new KafkaWatcherMetrics(),
              batch -> {},
              null,
              Clock.systemUTC());
      assertThatThrownBy(w::start)
          .isInstanceOf(HealthServer.StartException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("already in use")
          .hasMessageContaining("NETMAPPER_HEALTH_PORT");
      w.close();
    }
  }

  static HttpResponse<String> get(HttpClient http, KafkaWatcher w, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.healthPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
