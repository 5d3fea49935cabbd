package io.netmapper.aws.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LeafCertificatesTest {

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T00:00:00Z"));
  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final CertificateAuthority ca = CertificateAuthority.generate(clock);

  double issued() {
    return registry.get("netmapper_aws_ca_leaf_certificates_issued_total").counter().count();
  }

  @Test
  void sameHost_isServedFromCache_untilRenewalIsDue() {
    var leaves = new LeafCertificates(ca, clock, registry);
    SslContext first = leaves.serverContext("s3.eu-central-1.amazonaws.com");
    assertThat(leaves.serverContext("s3.eu-central-1.amazonaws.com")).isSameAs(first);
    assertThat(issued()).isEqualTo(1);
    now.set(now.get().plus(Duration.ofDays(22)));
    assertThat(leaves.serverContext("s3.eu-central-1.amazonaws.com")).isSameAs(first);
    now.set(now.get().plus(Duration.ofDays(1)));
    assertThat(leaves.serverContext("s3.eu-central-1.amazonaws.com")).isNotSameAs(first);
    assertThat(issued()).isEqualTo(2);
  }

  @Test
  void cache_isBoundedLeastRecentlyUsedFirst() {
    var leaves =
        new LeafCertificates(ca, clock, registry, 2, Duration.ofDays(30), Duration.ofDays(7));
    SslContext a = leaves.serverContext("a.amazonaws.com");
    leaves.serverContext("b.amazonaws.com");
    leaves.serverContext("a.amazonaws.com");
    leaves.serverContext("c.amazonaws.com");
    assertThat(leaves.size()).isEqualTo(2);
    assertThat(registry.get("netmapper_aws_ca_leaf_cache_size").gauge().value()).isEqualTo(2);
    assertThat(leaves.serverContext("a.amazonaws.com")).isSameAs(a);
    leaves.serverContext("b.amazonaws.com");
    assertThat(issued()).isEqualTo(4);
  }

  @Test
  void issuing_isCountedOncePerHost() {
    var leaves = new LeafCertificates(ca, Clock.systemUTC(), registry);
    int n = 200;
    for (int i = 0; i < n; i++) {
      leaves.serverContext("host" + i + ".s3.amazonaws.com");
      leaves.serverContext("host" + i + ".s3.amazonaws.com");
    }
    // what one issue costs (3-15 ms: ECDSA plus the JDK's SSLContext, too slow for the event
    // loop, so the proxy issues on its blocking pool) is a benchmark's question, not a test's
    assertThat(registry.get("netmapper_aws_ca_leaf_certificates_issued_total").counter().count())
        .isEqualTo(n);
    assertThat(registry.get("netmapper_aws_ca_leaf_cache_size").gauge().value()).isEqualTo(n);
  }
}
