package io.netmapper.common.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Telemetry settings: on by default, but with no endpoint nothing ever leaves the cluster.
 *
 * @param enabled {@code --telemetry-enabled} / {@code NETMAPPER_TELEMETRY_ENABLED}
 * @param endpoint {@code NETMAPPER_TELEMETRY_ENDPOINT}; empty means nothing is sent
 * @param interval how often accumulated counters are sent
 */
public record TelemetryConfig(boolean enabled, Optional<URI> endpoint, Duration interval) {
  public TelemetryConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("telemetry interval must be positive");
    }
    endpoint.ifPresent(
        uri -> {
          if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                "NETMAPPER_TELEMETRY_ENDPOINT must be an http(s) URL, got " + uri);
          }
        });
  }

  public static TelemetryConfig disabled() {
    return new TelemetryConfig(false, Optional.empty(), Duration.ofMinutes(10));
  }

  /** Builds the config from the enabled flag and the environment (endpoint, interval). */
  public static TelemetryConfig of(boolean enabled, Map<String, String> env) {
    String endpoint = env.getOrDefault("NETMAPPER_TELEMETRY_ENDPOINT", "").trim();
    String interval = env.getOrDefault("NETMAPPER_TELEMETRY_INTERVAL", "PT10M").trim();
    Duration every;
    try {
      every = Duration.parse(interval);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "NETMAPPER_TELEMETRY_INTERVAL must be an ISO-8601 duration such as PT10M, got '"
              + interval
              + "'");
    }
    Optional<URI> uri;
    try {
      uri = endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "NETMAPPER_TELEMETRY_ENDPOINT is not a URL: " + e.getMessage());
    }
    return new TelemetryConfig(enabled, uri, every);
  }

  /** True when counters are actually sent somewhere. */
  public boolean sends() {
    return enabled && endpoint.isPresent();
  }
}
