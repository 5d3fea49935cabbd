package io.netmapper.istiowatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IstioWatcherConfigTest {

  @Test
  void defaults_areEnvoysPortAndPath() {
    IstioWatcherConfig c = IstioWatcherConfig.parse(new String[0], Map.of());
    assertThat(c.statsPort()).isEqualTo(15090);
    assertThat(c.statsPath()).isEqualTo("/stats/prometheus");
    assertThat(c.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.scrapeConcurrency()).isEqualTo(8);
    assertThat(c.namespace()).isEmpty();
    assertThat(c.describe()).contains("all namespaces").contains(":15090/stats/prometheus");
  }

  @Test
  void flagBeatsEnvironment_environmentBeatsDefault_oneNamePerSetting() {
    Map<String, String> env =
        Map.of(
            "NETMAPPER_ISTIO_STATS_PORT",
            "15020",
            "NETMAPPER_ISTIO_SCRAPE_INTERVAL",
            "PT30S",
            "NETMAPPER_ISTIO_NAMESPACE",
            "shop");
    IstioWatcherConfig c =
        IstioWatcherConfig.parse(new String[] {"--istio-stats-port", "16000"}, env);
    assertThat(c.statsPort()).isEqualTo(16000);
    assertThat(c.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.namespace()).isEqualTo("shop");
  }

  @Test
  void nonsense_isRefusedWithTheFlagsName() {
    assertThatThrownBy(
            () -> IstioWatcherConfig.parse(new String[] {"--istio-stats-path", "stats"}, Map.of()))
        .hasMessageContaining("--istio-stats-path");
    assertThatThrownBy(
            () ->
                IstioWatcherConfig.parse(
                    new String[] {"--istio-scrape-concurrency", "0"}, Map.of()))
        .hasMessageContaining("--istio-scrape-concurrency");
    assertThatThrownBy(
            () ->
                IstioWatcherConfig.parse(new String[] {"--istio-scrape-timeout", "PT0S"}, Map.of()))
        .hasMessageContaining("--istio-scrape-timeout");
    assertThatThrownBy(
            () ->
                IstioWatcherConfig.parse(
                    new String[] {"--istio-max-response-bytes", "10"}, Map.of()))
        .hasMessageContaining("--istio-max-response-bytes");
    assertThatThrownBy(
            () ->
                IstioWatcherConfig.parse(
                    new String[] {"--istio-scrape-interval", "15 seconds"}, Map.of()))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("is not a duration");
  }
}
