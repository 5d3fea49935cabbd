package io.netmapper.sniffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnifferConfigTest {

  @Test
  void defaults_areUsable() {
    SnifferConfig c = SnifferConfig.from(List.of(), Map.of(), "node-7");
    assertThat(c.nodeName()).isEqualTo("node-7");
    assertThat(c.procRoot()).isEqualTo(Path.of("/proc"));
    assertThat(c.nodeNetns()).isEqualTo(Path.of("/proc/1/ns/net"));
    assertThat(c.captureDevice()).isEqualTo("any");
    assertThat(c.reportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.healthPort()).isEqualTo(9481);
  }

  @Test
  void flagBeatsEnvironment_whichBeatsDefault() {
    SnifferConfig c =
        SnifferConfig.from(
            List.of("--proc-root=/hostproc", "--scan-interval", "250ms"),
            Map.of(
                "NETMAPPER_PROC_ROOT",
                "/elsewhere",
                "NETMAPPER_HEALTH_PORT",
                "19481",
                "NETMAPPER_BUFFER_MAX_BYTES",
                "2048"),
            "n");
    assertThat(c.procRoot()).isEqualTo(Path.of("/hostproc"));
    assertThat(c.nodeNetns()).isEqualTo(Path.of("/hostproc/1/ns/net"));
    assertThat(c.scanInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.healthPort()).isEqualTo(19481);
    assertThat(c.bufferMaxBytes()).isEqualTo(2048);
  }

  @Test
  void hostnetAttribution_isOnByDefault_withTheHostsCgroupsThroughProcOne() {
    SnifferConfig c = SnifferConfig.from(List.of("--proc-root", "/hostproc"), Map.of(), "n");
    assertThat(c.hostnetAttribution()).isTrue();
    assertThat(c.cgroupRoot()).isEqualTo(Path.of("/hostproc/1/root/sys/fs/cgroup"));
    assertThat(c.hostnetLookupsPerSecond()).isEqualTo(200);
    SnifferConfig off =
        SnifferConfig.from(
            List.of("--hostnet-attribution", "false", "--cgroup-root", "/cg"),
            Map.of("NETMAPPER_HOSTNET_LOOKUPS_PER_SECOND", "50"),
            "n");
    assertThat(off.hostnetAttribution()).isFalse();
    assertThat(off.cgroupRoot()).isEqualTo(Path.of("/cg"));
    assertThat(off.hostnetLookupsPerSecond()).isEqualTo(50);
    assertThatThrownBy(
            () -> SnifferConfig.from(List.of("--hostnet-lookups-per-second", "0"), Map.of(), "n"))
        .hasMessageContaining("hostnet-lookups-per-second");
  }

  @Test
  void badValues_haveReadableErrors() {
    assertThatThrownBy(() -> SnifferConfig.from(List.of("--health-port", "70000"), Map.of(), "n"))
        .hasMessageContaining("health-port");
    assertThatThrownBy(
            () -> SnifferConfig.from(List.of("--report-interval", "soon"), Map.of(), "n"))
        .hasMessageContaining("report-interval")
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> SnifferConfig.from(List.of("--no-such-flag", "1"), Map.of(), "n"))
        .hasMessageContaining("unknown flag --no-such-flag");
    assertThatThrownBy(() -> SnifferConfig.from(List.of("--proc-root"), Map.of(), "n"))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(
            () -> SnifferConfig.from(List.of(), Map.of("NETMAPPER_BUFFER_MAX_BATCHES", "x"), "n"))
        .hasMessageContaining("buffer-max-batches must be a number");
  }

  @Test
  void usage_listsEveryFlagWithItsEnvironmentVariable() {
    String usage = SnifferConfig.usage();
    for (SnifferConfig.Setting s : SnifferConfig.SETTINGS) {
      assertThat(usage).contains(s.flag()).contains(s.env());
    }
  }
}
