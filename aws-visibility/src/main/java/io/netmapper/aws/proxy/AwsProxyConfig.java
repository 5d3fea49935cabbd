package io.netmapper.aws.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The proxy's settings, validated once.
 *
 * @param bindAddress address both listeners bind to, e.g. "0.0.0.0"
 * @param httpsPort TLS listener (SNI picks the host); 0 = any free port (tests)
 * @param httpPort plain HTTP listener (Host header picks the host); 0 = any free port
 * @param maxInspectBytes body bytes copied for the listener per request; the rest is only forwarded
 * @param upstreamHttpsPort the real endpoints' TLS port
 * @param upstreamHttpPort the real endpoints' plain HTTP port
 * @param connectTimeout upstream TCP connect
 * @param idleTimeout a connection with no traffic either way is closed; an upstream that stays
 *     silent this long while a response is due gives 504. Longer than SQS long polling (20 s).
 * @param allowedHostSuffixes only hosts ending in one of these are proxied, each starting with '.';
 *     anything else is refused (no open relay)
 */
public record AwsProxyConfig(
    String bindAddress,
    int httpsPort,
    int httpPort,
    int maxInspectBytes,
    int upstreamHttpsPort,
    int upstreamHttpPort,
    Duration connectTimeout,
    Duration idleTimeout,
    List<String> allowedHostSuffixes) {

  public static final List<String> AWS_SUFFIXES = List.of(".amazonaws.com", ".amazonaws.com.cn");

  public AwsProxyConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    requirePort(httpsPort, "httpsPort");
    requirePort(httpPort, "httpPort");
    requirePort(upstreamHttpsPort, "upstreamHttpsPort");
    requirePort(upstreamHttpPort, "upstreamHttpPort");
    if (upstreamHttpsPort == 0 || upstreamHttpPort == 0) {
      throw new IllegalArgumentException("upstream ports must not be 0");
    }
    if (maxInspectBytes < 0 || maxInspectBytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException("maxInspectBytes must be 0..16 MiB: " + maxInspectBytes);
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(idleTimeout, "idleTimeout");
    allowedHostSuffixes =
        allowedHostSuffixes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    if (allowedHostSuffixes.isEmpty()) {
      throw new IllegalArgumentException("allowedHostSuffixes is empty");
    }
    for (String suffix : allowedHostSuffixes) {
      if (!suffix.startsWith(".") || suffix.length() < 3) {
        throw new IllegalArgumentException("host suffix must start with '.': '" + suffix + "'");
      }
    }
  }

  public static AwsProxyConfig defaults() {
    return new AwsProxyConfig(
        "0.0.0.0",
        8443,
        8080,
        64 * 1024,
        443,
        80,
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        AWS_SUFFIXES);
  }

  /** From {@code NETMAPPER_AWS_PROXY_*} variables; unset ones keep {@link #defaults()}. */
  public static AwsProxyConfig fromEnv(Map<String, String> env) {
    AwsProxyConfig d = defaults();
    return new AwsProxyConfig(
        get(env, "BIND_ADDRESS", Function.identity(), d.bindAddress()),
        get(env, "HTTPS_PORT", Integer::parseInt, d.httpsPort()),
        get(env, "HTTP_PORT", Integer::parseInt, d.httpPort()),
        get(env, "MAX_INSPECT_BYTES", Integer::parseInt, d.maxInspectBytes()),
        get(env, "UPSTREAM_HTTPS_PORT", Integer::parseInt, d.upstreamHttpsPort()),
        get(env, "UPSTREAM_HTTP_PORT", Integer::parseInt, d.upstreamHttpPort()),
        get(env, "CONNECT_TIMEOUT", Duration::parse, d.connectTimeout()),
        get(env, "IDLE_TIMEOUT", Duration::parse, d.idleTimeout()),
        get(env, "ALLOWED_HOST_SUFFIXES", v -> List.of(v.split(",")), d.allowedHostSuffixes()));
  }

  private static <T> T get(
      Map<String, String> env, String name, Function<String, T> parse, T fallback) {
    String key = "NETMAPPER_AWS_PROXY_" + name;
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return parse.apply(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + "='" + value + "' is not valid: " + e.getMessage());
    }
  }

  private static void requirePort(int port, String what) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " out of range: " + port);
    }
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
