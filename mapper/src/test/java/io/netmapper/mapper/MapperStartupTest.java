package io.netmapper.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Configuration and start-up errors say what is wrong. */
class MapperStartupTest {
  @Test
  void config_flagsOverEnvironmentOverDefaults() {
    MapperConfig c =
        MapperConfig.parse(
            new String[] {"--port", "9191", "--cluster-cidrs", "10.244.0.0/16,fd00::/64"},
            Map.of(
                "NETMAPPER_PORT",
                "9999",
                "NETMAPPER_IP_GRACE_PERIOD",
                "PT1M",
                "NETMAPPER_CLUSTER_DOMAIN",
                "Corp.Internal."));
    assertThat(c.port()).isEqualTo(9191);
    assertThat(c.ipGracePeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.clusterDomain()).isEqualTo("corp.internal");
    assertThat(c.clusterCidrs()).hasSize(2);
    assertThat(MapperConfig.defaults().port()).isEqualTo(9090);
    assertThat(MapperConfig.defaults().telemetry().sends()).isFalse();
  }

  @Test
  void storeConfig_embeddedByDefault_postgresqlNeedsAUrl_passwordOnlyFromEnvAndMasked() {
    MapperConfig d = MapperConfig.defaults();
    assertThat(d.store().kind()).isEqualTo(io.netmapper.mapper.persist.StoreSettings.Kind.EMBEDDED);
    assertThat(d.store().dataDir()).isEqualTo(java.nio.file.Path.of("/var/lib/netmapper"));
    assertThatThrownBy(() -> MapperConfig.parse(new String[] {"--store", "postgresql"}, Map.of()))
        .hasMessageContaining("--database-url");
    assertThatThrownBy(() -> MapperConfig.parse(new String[] {"--store", "mongo"}, Map.of()))
        .hasMessageContaining("must be embedded, postgresql or memory");
    MapperConfig pg =
        MapperConfig.parse(
            new String[] {
              "--store",
              "postgresql",
              "--database-url",
              "jdbc:postgresql://db:5432/m",
              "--database-user",
              "u"
            },
            Map.of("NETMAPPER_DATABASE_PASSWORD", "s3cret"));
    assertThat(pg.store().password()).contains("s3cret");
    assertThat(pg.summary()).contains("password=(set)").doesNotContain("s3cret");
    assertThatThrownBy(
            () -> MapperConfig.parse(new String[] {"--max-inflight-batches", "0"}, Map.of()))
        .hasMessageContaining("--max-inflight-batches");
  }

  @Test
  void config_badValuesAreClearErrors() {
    assertThatThrownBy(
            () -> MapperConfig.parse(new String[] {"--ip-grace-period", "5 minutes"}, Map.of()))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(
            () -> MapperConfig.parse(new String[] {"--cluster-cidrs", "10.0.0.0"}, Map.of()))
        .hasMessageContaining("is not a CIDR");
    assertThatThrownBy(() -> MapperConfig.parse(new String[] {"--no-such-flag"}, Map.of()))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThat(Main.run(new String[] {"--port", "x"})).isEqualTo(2);
  }

  @Test
  void unreachableApi_failsStartWithAClearMessage() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + deadPort)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build();
    MapperConfig config =
        MapperConfig.parse(
            new String[] {"--port", "0", "--telemetry-enabled", "false", "--store", "memory"},
            Map.of());
    try (Mapper mapper = new Mapper(config, client, Clock.systemUTC())) {
      assertThatThrownBy(mapper::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot reach the Kubernetes API at http://127.0.0.1:" + deadPort)
          .hasMessageContaining("--kubeconfig");
    } finally {
      client.close();
    }
  }

  @Test
  void portInUse_failsStartNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        MapperHarness h = new MapperHarness()) {
      MapperConfig config =
          MapperConfig.parse(
              new String[] {
                "--port",
                String.valueOf(taken.getLocalPort()),
                "--bind-address",
                "127.0.0.1",
                "--telemetry-enabled",
                "false",
                "--store",
                "memory"
              },
              Map.of());
      try (Mapper second = new Mapper(config, h.client, Clock.systemUTC())) {
        assertThatThrownBy(second::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot listen on")
            .hasMessageContaining(String.valueOf(taken.getLocalPort()));
      }
    }
  }
}
