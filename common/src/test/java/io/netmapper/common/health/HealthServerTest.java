package io.netmapper.common.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  @Test
  void servesHealthAndMetrics_andAPortInUseIsAClearStartError() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (HealthServer s =
        new HealthServer("test", "127.0.0.1", 0, healthy::get, () -> "ok\n", () -> "m_total 1\n")) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> h =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/healthz"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(h.statusCode()).isEqualTo(200);
      assertThat(h.body()).isEqualTo("ok\n");
      healthy.set(false);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + s.port() + "/healthz"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(503);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + s.port() + "/metrics"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body())
          .contains("m_total 1");
      assertThatThrownBy(
              () ->
                  new HealthServer(
                      "kafka-watcher", "127.0.0.1", s.port(), () -> true, () -> "", () -> ""))
          .isInstanceOf(HealthServer.StartException.class)
          .hasMessageContaining("port " + s.port())
          .hasMessageContaining("already in use")
          .hasMessageContaining("--health-port");
    }
  }
}
