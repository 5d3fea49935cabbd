package io.netmapper.aws.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the visibility DNS server, validated once.
 *
 * @param bindAddress where to listen (UDP and TCP)
 * @param port the port for both transports ({@link #DEFAULT_PORT}); 0 picks a free one (tests), the
 *     same for UDP and TCP
 * @param proxyAddresses the proxy Service's addresses; at most one family may be missing
 * @param upstream the cluster DNS (kube-dns Service) every other query goes to
 * @param suffixes domain suffixes answered with the proxy, matched by whole labels
 * @param answerTtl TTL of the proxy answers
 * @param upstreamTimeout how long to wait for the cluster DNS before answering SERVFAIL
 */
public record DnsConfig(
    InetAddress bindAddress,
    int port,
    List<InetAddress> proxyAddresses,
    InetSocketAddress upstream,
    List<String> suffixes,
    Duration answerTtl,
    Duration upstreamTimeout) {

  public static final int DEFAULT_PORT = 5353;
  public static final List<String> DEFAULT_SUFFIXES = List.of("amazonaws.com", "amazonaws.com.cn");
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(2);

  public DnsConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(upstream, "upstream");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    proxyAddresses = List.copyOf(Objects.requireNonNull(proxyAddresses, "proxyAddresses"));
    if (proxyAddresses.isEmpty()) {
      throw new IllegalArgumentException("proxyAddresses must name at least one address");
    }
    if (upstream.isUnresolved()) {
      throw new IllegalArgumentException("upstream must be an IP address, got " + upstream);
    }
    suffixes =
        Objects.requireNonNull(suffixes, "suffixes").stream()
            .map(s -> trimDots(s).toLowerCase(Locale.ROOT))
            .toList();
    if (suffixes.isEmpty() || suffixes.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(
          "suffixes must be non-empty domain names, got " + suffixes);
    }
    Objects.requireNonNull(answerTtl, "answerTtl");
    Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    if (answerTtl.isNegative() || answerTtl.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("answerTtl out of range: " + answerTtl);
    }
    if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
      throw new IllegalArgumentException(
          "upstreamTimeout must be positive, got " + upstreamTimeout);
    }
  }

  /** Defaults for everything but where the proxy and the cluster DNS are. */
  public static DnsConfig of(List<InetAddress> proxyAddresses, InetSocketAddress upstream) {
    return new DnsConfig(
        new InetSocketAddress(0).getAddress(),
        DEFAULT_PORT,
        proxyAddresses,
        upstream,
        DEFAULT_SUFFIXES,
        DEFAULT_TTL,
        DEFAULT_UPSTREAM_TIMEOUT);
  }

  List<InetAddress> ipv4() {
    return proxyAddresses.stream().filter(a -> a instanceof Inet4Address).toList();
  }

  List<InetAddress> ipv6() {
    return proxyAddresses.stream().filter(a -> a instanceof Inet6Address).toList();
  }

  private static String trimDots(String s) {
    String t = s.strip();
    while (t.startsWith(".")) {
      t = t.substring(1);
    }
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
