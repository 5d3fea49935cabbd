package io.netmapper.aws.ca;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Server {@link SslContext}s for the hosts the proxy terminates, issued on first use and kept in a
 * bounded LRU. All leaves share one key pair made at construction: issuing is then one ECDSA
 * signature (well under a millisecond), and the key never leaves memory.
 */
public final class LeafCertificates {

  public static final int DEFAULT_MAX_HOSTS = 10_000;
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

  /** Renewed once less than this is left, long before clients would see an expired leaf. */
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(7);

  private static final ApplicationProtocolConfig HTTP_1_1_ONLY =
      new ApplicationProtocolConfig(
          Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
          SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1);

  private record Entry(SslContext context, Instant renewAt) {}

  private final CertificateAuthority ca;
  private final Clock clock;
  private final int maxHosts;
  private final Duration validity;
  private final Duration renewBefore;
  private final KeyPair leafKeys = CertificateAuthority.newKeyPair();
  private final Counter issued;
  private final Map<String, Entry> cache;

  public LeafCertificates(CertificateAuthority ca, Clock clock, MeterRegistry registry) {
    this(ca, clock, registry, DEFAULT_MAX_HOSTS, DEFAULT_VALIDITY, DEFAULT_RENEW_BEFORE);
  }

  public LeafCertificates(
      CertificateAuthority ca,
      Clock clock,
      MeterRegistry registry,
      int maxHosts,
      Duration validity,
      Duration renewBefore) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxHosts < 1) {
      throw new IllegalArgumentException("maxHosts must be >= 1: " + maxHosts);
    }
    if (renewBefore.isNegative() || renewBefore.compareTo(validity) >= 0) {
      throw new IllegalArgumentException(
          "renewBefore " + renewBefore + " must be >= 0 and shorter than validity " + validity);
    }
    this.maxHosts = maxHosts;
    this.validity = validity;
    this.renewBefore = renewBefore;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > LeafCertificates.this.maxHosts;
          }
        };
    this.issued =
        Counter.builder("netmapper_aws_ca_leaf_certificates_issued_total")
            .description("leaf certificates issued for proxied hosts")
            .register(registry);
    Gauge.builder("netmapper_aws_ca_leaf_cache_size", this, LeafCertificates::size)
        .description("hosts with a cached leaf certificate")
        .register(registry);
  }

  /**
   * The server context for {@code host} (a DNS name the caller has already checked), issuing or
   * renewing its leaf when needed. Thread-safe; two threads missing at once may both issue, and the
   * later one wins, which is harmless.
   */
  public SslContext serverContext(String host) {
    Instant now = clock.instant();
    synchronized (cache) {
      Entry hit = cache.get(host);
      if (hit != null && now.isBefore(hit.renewAt())) {
        return hit.context();
      }
    }
    IssuedCertificate leaf = ca.issue(List.of(host), validity, leafKeys);
    issued.increment();
    Entry entry =
        new Entry(toContext(leaf, host), leaf.leaf().getNotAfter().toInstant().minus(renewBefore));
    synchronized (cache) {
      cache.put(host, entry);
    }
    return entry.context();
  }

  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }

  private static SslContext toContext(IssuedCertificate leaf, String host) {
    try {
      return SslContextBuilder.forServer(new LeafKeyManager(leaf))
          .applicationProtocolConfig(HTTP_1_1_ONLY)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build a TLS context for " + host, e);
    }
  }
}
