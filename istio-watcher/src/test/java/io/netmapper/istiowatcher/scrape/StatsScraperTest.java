package io.netmapper.istiowatcher.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.istiowatcher.testing.EnvoyStats;
import io.netmapper.istiowatcher.testing.FakeSidecar;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real HTTP server on loopback per test; every failure comes back as a reason, never an
 * exception.
 */
class StatsScraperTest {
  FakeSidecar sidecar;
  final StatsScraper scraper = new StatsScraper(Duration.ofMillis(500), 64 * 1024);

  @BeforeEach
  void start() throws Exception {
    sidecar = new FakeSidecar();
  }

  @AfterEach
  void stop() {
    sidecar.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + sidecar.port() + path);
  }

  @Test
  void statsPage_isReturnedWhole() {
    String page =
        EnvoyStats.page()
            .uptime(10)
            .requests(
                "destination",
                "shop",
                "web",
                "shop",
                "catalog",
                "catalog",
                "GET",
                "/caf\u00e9",
                200,
                1)
            .build();
    sidecar.serve(page);
    StatsScraper.Result r = scraper.scrape(uri("/stats/prometheus"));
    assertThat(r)
        .isInstanceOfSatisfying(
            StatsScraper.Body.class,
            b ->
                assertThat(new String(b.bytes(), 0, b.length(), StandardCharsets.UTF_8))
                    .isEqualTo(page));
  }

  @Test
  void bodyLargerThanTheCap_isAbandoned() {
    sidecar.serve("x".repeat(200 * 1024));
    assertThat(scraper.scrape(uri("/stats/prometheus")))
        .isEqualTo(
            new StatsScraper.Failure(StatsScraper.TOO_LARGE, "response larger than 65536 bytes"));
  }

  @Test
  void slowSidecar_timesOut() {
    sidecar.delay(2_000);
    StatsScraper.Result r = scraper.scrape(uri("/stats/prometheus"));
    // the answer would have come after 2 s: a TIMEOUT failure means the scraper gave up first
    assertThat(r)
        .isInstanceOfSatisfying(
            StatsScraper.Failure.class,
            f -> assertThat(f.reason()).isEqualTo(StatsScraper.TIMEOUT));
  }

  @Test
  void errorStatusAndWrongPath_areHttpStatusFailures() {
    sidecar.status(503);
    assertThat(scraper.scrape(uri("/stats/prometheus")))
        .isInstanceOfSatisfying(
            StatsScraper.Failure.class,
            f ->
                assertThat(f)
                    .isEqualTo(new StatsScraper.Failure(StatsScraper.HTTP_STATUS, "HTTP 503")));
    assertThat(scraper.scrape(uri("/elsewhere")))
        .isInstanceOfSatisfying(
            StatsScraper.Failure.class, f -> assertThat(f.detail()).isEqualTo("HTTP 404"));
  }

  @Test
  void nobodyListening_isAConnectFailure() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    StatsScraper.Result r =
        scraper.scrape(URI.create("http://127.0.0.1:" + closed + "/stats/prometheus"));
    assertThat(r)
        .isInstanceOfSatisfying(
            StatsScraper.Failure.class,
            f -> assertThat(f.reason()).isEqualTo(StatsScraper.CONNECT));
  }
}
