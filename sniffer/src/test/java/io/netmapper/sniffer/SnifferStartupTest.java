package io.netmapper.sniffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.sniffer.metrics.SnifferMetrics;
import io.netmapper.sniffer.testing.WithoutDacOverride;
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

  @Test
  void unreadableCgroupRoot_degradesHostnetAttributionLoudly_logMetricAndHealth(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path root = java.nio.file.Files.createDirectories(dir.resolve("cgroup"));
    java.nio.file.Files.writeString(root.resolve("cgroup.controllers"), "cpu memory\n");
    java.nio.file.Files.setPosixFilePermissions(root, java.util.Set.of());
    SnifferConfig config =
        SnifferConfig.from(
            List.of(
                "--health-address",
                "127.0.0.1",
                "--health-port",
                "0",
                "--capture-device",
                "lo",
                "--hostnet-attribution",
                "true",
                "--cgroup-root",
                root.toString()),
            Map.of(),
            "n");
    SnifferMetrics metrics = new SnifferMetrics();
    Sniffer sniffer = new Sniffer(config, metrics, batch -> {}, Clock.systemUTC());
    try {
      // as a process without DAC override sees it (a container's view of another mount)
      WithoutDacOverride.call(
          () -> {
            sniffer.start();
            return null;
          });
      assertThat(sniffer.hostnetState())
          .startsWith("degraded (cgroup_root_unreadable: cgroup root " + root)
          .contains("--cgroup-root");
      assertThat(metrics.scrape())
          .contains("netmapper_sniffer_hostnet_degraded{reason=\"cgroup_root_unreadable\"} 1");
      java.net.http.HttpResponse<String> health =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + sniffer.healthPort() + "/healthz"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("hostnet_attribution=degraded (cgroup_root_unreadable");
    } finally {
      sniffer.close();
      java.nio.file.Files.setPosixFilePermissions(
          root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }
}
