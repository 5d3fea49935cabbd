package io.netmapper.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapper's switch for the in-process Istio watcher and where the watcher's settings come from.
 */
class IstioSwitchConfigTest {

  @Test
  void offByDefault() {
    assertThat(MapperConfig.defaults().istio()).isEmpty();
    assertThat(MapperConfig.defaults().summary()).contains("istio=off");
  }

  @Test
  void flagOrEnvironmentTurnsItOn_theWatchersSettingsComeFromNetmapperIstioVariables() {
    Map<String, String> env =
        Map.of("NETMAPPER_ISTIO_SCRAPE_INTERVAL", "PT30S", "NETMAPPER_ISTIO_STATS_PORT", "15020");
    MapperConfig byFlag = MapperConfig.parse(new String[] {"--istio-enabled", "true"}, env);
    assertThat(byFlag.istio())
        .hasValueSatisfying(
            c -> {
              assertThat(c.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
              assertThat(c.statsPort()).isEqualTo(15020);
            });
    assertThat(byFlag.summary()).contains("istio=on");
    assertThat(MapperConfig.parse(new String[0], Map.of("NETMAPPER_ISTIO_ENABLED", "true")).istio())
        .isPresent();
  }

  @Test
  void badWatcherSetting_failsTheMappersStart_namingTheSetting() {
    assertThatThrownBy(
            () ->
                MapperConfig.parse(
                    new String[] {"--istio-enabled", "true"},
                    Map.of("NETMAPPER_ISTIO_SCRAPE_CONCURRENCY", "0")))
        .hasMessageContaining("--istio-scrape-concurrency");
    // ignored while the watcher is off
    assertThat(
            MapperConfig.parse(new String[0], Map.of("NETMAPPER_ISTIO_SCRAPE_CONCURRENCY", "0"))
                .istio())
        .isEmpty();
  }
}
