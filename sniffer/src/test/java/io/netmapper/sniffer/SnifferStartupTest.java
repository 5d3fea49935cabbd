package io.netmapper.sniffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.sniffer.metrics.SnifferMetrics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnifferStartupTest {

  @Test
  void healthPortInUse_isAClearStartupError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      SnifferConfig config =
          SnifferConfig.from(
              List.of("--health-address", "127.0.0.1", "--health-port", Integer.toString(port)),
              Map.of(),
              "n");
      Sniffer sniffer = new Sniffer(config, new SnifferMetrics(), batch -> {}, Clock.systemUTC());
      assertThatThrownBy(sniffer::start)
          .isInstanceOf(SnifferStartupException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("already in use")
          .hasMessageContaining("NETMAPPER_HEALTH_PORT");
      sniffer.close();
    }
  }

  @Test
  void missingCaptureNamespace_isAClearStartupError() {
    SnifferConfig config =
        SnifferConfig.from(
            List.of(
                "--health-address",
                "127.0.0.1",
                "--health-port",
                "0",
                "--capture-netns",
                "/var/run/netns/nm-does-not-exist"),
            Map.of(),
            "n");
    Sniffer sniffer = new Sniffer(config, new SnifferMetrics(), batch -> {}, Clock.systemUTC());
    assertThatThrownBy(sniffer::start)
        .isInstanceOf(SnifferStartupException.class)
        .hasMessageContaining("/var/run/netns/nm-does-not-exist");
    sniffer.close();
  }

  @Test
  void unknownCaptureDevice_isAClearStartupError() {
    SnifferConfig config =
        SnifferConfig.from(
            List.of(
                "--health-address",
                "127.0.0.1",
                "--health-port",
                "0",
                "--capture-device",
                "nm-no-such-dev0"),
            Map.of(),
            "n");
    Sniffer sniffer = new Sniffer(config, new SnifferMetrics(), batch -> {}, Clock.systemUTC());
    assertThatThrownBy(sniffer::start)
        .isInstanceOf(SnifferStartupException.class)
        .hasMessageContaining("nm-no-such-dev0");
    sniffer.close();
    assertThat(sniffer.healthy()).isFalse();
  }
}
