package io.netmapper.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private int status = 200;

  @BeforeEach
  void startEndpoint() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/usage",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopEndpoint() {
    server.stop(0);
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/usage");
  }

  @Test
  void enabledWithEndpoint_sendsOnlyCounters() {
    try (Telemetry t =
        Telemetry.start(
            "mapper", new TelemetryConfig(true, Optional.of(endpoint()), Duration.ofHours(1)))) {
      t.count("intents_discovered_tcp");
      t.add("intents_discovered_tcp", 2);
      assertThat(t.flush()).isTrue();
    }
    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0))
        .contains("\"component\":\"mapper\"")
        .contains("\"component_started\":1")
        .contains("\"intents_discovered_tcp\":3");
  }

  @Test
  void disabled_sendsNothing() {
    try (Telemetry t =
        Telemetry.start(
            "mapper",
            TelemetryConfig.of(
                false, Map.of("NETMAPPER_TELEMETRY_ENDPOINT", endpoint().toString())))) {
      t.count("intents_discovered_tcp");
      assertThat(t.flush()).isFalse();
    }
    assertThat(bodies).isEmpty();
  }

  @Test
  void noEndpoint_sendsNothingEvenWhenEnabled() {
    TelemetryConfig config = TelemetryConfig.of(true, Map.of());
    assertThat(config.sends()).isFalse();
    try (Telemetry t = Telemetry.start("sniffer", config)) {
      t.count("component_started");
      assertThat(t.flush()).isFalse();
    }
    assertThat(bodies).isEmpty();
  }

  @Test
  void failedSend_keepsCountersForTheNextTry() {
    status = 503;
    try (Telemetry t =
        Telemetry.start(
            "mapper", new TelemetryConfig(true, Optional.of(endpoint()), Duration.ofHours(1)))) {
      assertThat(t.flush()).isFalse();
      status = 200;
      assertThat(t.flush()).isTrue();
    }
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(1)).contains("\"component_started\":1");
  }

  @Test
  void observedDataCannotBecomeACounterName() {
    try (Telemetry t =
        Telemetry.start(
            "mapper", new TelemetryConfig(true, Optional.of(endpoint()), Duration.ofHours(1)))) {
      assertThatThrownBy(() -> t.count("checkout.prod 10.0.0.1"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void badEndpoint_isAClearConfigError() {
    assertThatThrownBy(
            () -> TelemetryConfig.of(true, Map.of("NETMAPPER_TELEMETRY_ENDPOINT", "ftp://x")))
        .hasMessageContaining("NETMAPPER_TELEMETRY_ENDPOINT");
  }
}
