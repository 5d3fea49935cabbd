package io.netmapper.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AwsVisibilityConfigTest {
  static final String RESOLV =
      "search netmapper-system.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";

  @Test
  void defaults_matchTheChartsService_andTheUpstreamComesFromResolvConf() {
    AwsVisibilityConfig c = AwsVisibilityConfig.parse(new String[0], Map.of(), RESOLV);
    assertThat(c.proxyHttpsPort()).isEqualTo(8443);
    assertThat(c.proxyHttpPort()).isEqualTo(8080);
    assertThat(c.dnsPort()).isEqualTo(5353);
    assertThat(c.webhookPort()).isEqualTo(9443);
    assertThat(c.healthPort()).isEqualTo(9486);
    assertThat(c.dnsUpstream()).isEqualTo("10.96.0.10");
    assertThat(c.serviceAddresses()).isEmpty();
    assertThat(c.proxyEnabled() && c.dnsEnabled() && c.webhookEnabled()).isTrue();
    assertThat(c.reportInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.describe()).contains("upstream 10.96.0.10").doesNotContain("key");
  }

  @Test
  void flagsOverEnvironment_overDefaults() {
    AwsVisibilityConfig c =
        AwsVisibilityConfig.parse(
            new String[] {"--dns-ttl", "5s", "--webhook-enabled", "false"},
            Map.of(
                "NETMAPPER_DNS_TTL",
                "PT1M",
                "NETMAPPER_SERVICE_ADDRESSES",
                "10.96.7.7,fd00:10:96::7",
                "NETMAPPER_DNS_UPSTREAM",
                "10.96.0.10:1053",
                "NETMAPPER_CLUSTER_DOMAIN",
                "Corp.Local."),
            "");
    assertThat(c.dnsTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.webhookEnabled()).isFalse();
    assertThat(c.serviceAddresses())
        .extracting(a -> a.getHostAddress())
        .containsExactly("10.96.7.7", "fd00:10:96:0:0:0:0:7");
    assertThat(c.clusterDomain()).isEqualTo("corp.local");
    assertThat(AwsVisibility.upstream(c.dnsUpstream()))
        .isEqualTo(new InetSocketAddress("10.96.0.10", 1053));
    assertThat(AwsVisibility.upstream("[fd00::a]:5353"))
        .isEqualTo(new InetSocketAddress("fd00::a", 5353));
    assertThat(AwsVisibility.upstream("fd00::a")).isEqualTo(new InetSocketAddress("fd00::a", 53));
  }

  @Test
  void badValues_areClearErrors() {
    assertThatThrownBy(
            () ->
                AwsVisibilityConfig.parse(
                    new String[] {"--proxy-https-port", "70000"}, Map.of(), RESOLV))
        .hasMessageContaining("--proxy-https-port 70000 is not a port");
    assertThatThrownBy(
            () ->
                AwsVisibilityConfig.parse(
                    new String[] {"--service-addresses", "proxy.local"}, Map.of(), RESOLV))
        .hasMessageContaining("'proxy.local' is not an IP address");
    assertThatThrownBy(
            () -> AwsVisibilityConfig.parse(new String[] {"--dns-ttl", "0s"}, Map.of(), RESOLV))
        .hasMessageContaining("--dns-ttl must be positive");
    assertThatThrownBy(
            () -> AwsVisibilityConfig.parse(new String[0], Map.of(), "# no nameserver\n"))
        .hasMessageContaining("--dns-upstream is empty");
    assertThatThrownBy(
            () ->
                AwsVisibilityConfig.parse(
                    new String[] {
                      "--proxy-enabled",
                      "false",
                      "--dns-enabled",
                      "false",
                      "--webhook-enabled",
                      "false"
                    },
                    Map.of(),
                    RESOLV))
        .hasMessageContaining("nothing to run");
    assertThatThrownBy(
            () ->
                AwsVisibilityConfig.parse(new String[] {"--bind-address", "all"}, Map.of(), RESOLV))
        .hasMessageContaining("--bind-address 'all'");
    assertThatThrownBy(
            () -> AwsVisibilityConfig.parse(new String[] {"--no-such-flag"}, Map.of(), RESOLV))
        .isInstanceOf(CommandLine.ParameterException.class);
  }
}
