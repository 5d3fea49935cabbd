package io.netmapper.istiowatcher;

import io.netmapper.common.config.Checks;
import io.netmapper.common.config.EnvDefaults;
import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.deliver.DeliveryFlags;
import io.netmapper.common.telemetry.TelemetryConfig;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything the Istio watcher can be told, validated once. Each setting has one name: flag {@code
 * --istio-scrape-interval}, environment {@code NETMAPPER_ISTIO_SCRAPE_INTERVAL}. The mapper, when
 * it runs the watcher ({@code --istio-enabled}), reads the same {@code NETMAPPER_ISTIO_*}
 * variables. Precedence: flag, environment, default. Durations: {@code 15s}, {@code 1m} or ISO-8601
 * ({@code PT15S}).
 */
public record IstioWatcherConfig(
    String mapperAddress,
    String namespace,
    int statsPort,
    String statsPath,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    int scrapeConcurrency,
    int maxResponseBytes,
    int maxSeriesPerSidecar,
    String healthAddress,
    int healthPort,
    int batchMaxEntries,
    DeliveryConfig delivery,
    Duration rpcTimeout,
    TelemetryConfig telemetry) {

  public IstioWatcherConfig {
    if (mapperAddress.isBlank()) {
      throw new IllegalArgumentException("--mapper-address must not be empty");
    }
    if (statsPort < 1 || statsPort > 65535) {
      throw new IllegalArgumentException("--istio-stats-port " + statsPort + " is not a port");
    }
    if (!statsPath.startsWith("/")) {
      throw new IllegalArgumentException(
          "--istio-stats-path must start with /, got '" + statsPath + "'");
    }
    if (healthPort < 0 || healthPort > 65535) {
      throw new IllegalArgumentException("--health-port " + healthPort + " is not a port");
    }
    Checks.positive("--istio-scrape-interval", scrapeInterval);
    Checks.positive("--istio-scrape-timeout", scrapeTimeout);
    Checks.positive("--rpc-timeout", rpcTimeout);
    if (scrapeConcurrency < 1 || scrapeConcurrency > 256) {
      throw new IllegalArgumentException("--istio-scrape-concurrency must be within 1..256");
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("--istio-max-response-bytes must be >= 1024");
    }
    if (maxSeriesPerSidecar < 1 || batchMaxEntries < 1) {
      throw new IllegalArgumentException(
          "--istio-max-series-per-sidecar and --batch-max-entries must be >= 1");
    }
  }

  @Command(
      name = "istio-watcher",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "netmapper istio-watcher: reads Envoy sidecars' istio_requests_total, reports HTTP path/method access.")
  static final class Flags {
    @Option(
        names = "--mapper-address",
        defaultValue = "netmapper-mapper.netmapper-system:9090",
        description = "gRPC target of the mapper's ReportService.")
    String mapperAddress;

    @Option(
        names = "--istio-namespace",
        defaultValue = "",
        description = "Namespace whose sidecars are scraped (default: all).")
    String namespace;

    @Option(
        names = "--istio-stats-port",
        defaultValue = "15090",
        description =
            "Envoy's Prometheus port, used when the istio-proxy container declares no port named http-envoy-prom.")
    int statsPort;

    @Option(
        names = "--istio-stats-path",
        defaultValue = "/stats/prometheus",
        description = "Envoy's Prometheus path.")
    String statsPath;

    @Option(
        names = "--istio-scrape-interval",
        defaultValue = "PT15S",
        description = "How often every sidecar is scraped.")
    Duration scrapeInterval;

    @Option(
        names = "--istio-scrape-timeout",
        defaultValue = "PT5S",
        description = "Deadline of one scrape (connect + whole body).")
    Duration scrapeTimeout;

    @Option(
        names = "--istio-scrape-concurrency",
        defaultValue = "8",
        description = "Sidecars scraped at the same time, at most.")
    int scrapeConcurrency;

    @Option(
        names = "--istio-max-response-bytes",
        defaultValue = "33554432",
        description = "Larger stats pages are abandoned and counted (too_large).")
    int maxResponseBytes;

    @Option(
        names = "--istio-max-series-per-sidecar",
        defaultValue = "50000",
        description =
            "istio_requests_total series tracked per sidecar; more are skipped and counted.")
    int maxSeriesPerSidecar;

    @Option(
        names = "--health-address",
        defaultValue = "0.0.0.0",
        description = "Address of the /healthz and /metrics server (standalone).")
    String healthAddress;

    @Option(
        names = "--health-port",
        defaultValue = "9484",
        description = "Port of the /healthz and /metrics server (standalone).")
    int healthPort;

    @Mixin DeliveryFlags delivery = new DeliveryFlags();

    @Option(
        names = "--telemetry-enabled",
        defaultValue = "true",
        arity = "1",
        description = "Anonymous usage counters (sent only to NETMAPPER_TELEMETRY_ENDPOINT).")
    boolean telemetryEnabled;
  }

  /**
   * Parses flags over environment over defaults.
   *
   * @throws CommandLine.ParameterException for usage errors (unknown flag, bad value)
   * @throws IllegalArgumentException for values that parse but make no sense
   */
  public static IstioWatcherConfig parse(String[] args, Map<String, String> env) {
    Flags f = new Flags();
    commandLine(f, env).parseArgs(args);
    DeliveryConfig delivery = f.delivery.toConfig();
    return new IstioWatcherConfig(
        f.mapperAddress.trim(),
        f.namespace.trim(),
        f.statsPort,
        f.statsPath.trim(),
        f.scrapeInterval,
        f.scrapeTimeout,
        f.scrapeConcurrency,
        f.maxResponseBytes,
        f.maxSeriesPerSidecar,
        f.healthAddress,
        f.healthPort,
        f.delivery.batchMaxEntries,
        delivery,
        f.delivery.rpcTimeout,
        TelemetryConfig.of(f.telemetryEnabled, env));
  }

  static CommandLine commandLine(Flags flags, Map<String, String> env) {
    return EnvDefaults.commandLine(flags, env);
  }

  /** One line for the startup log. */
  public String describe() {
    return "sidecars in "
        + (namespace.isEmpty() ? "all namespaces" : namespace)
        + " stats=:"
        + statsPort
        + statsPath
        + " every="
        + scrapeInterval
        + " timeout="
        + scrapeTimeout
        + " concurrency="
        + scrapeConcurrency
        + " maxResponse="
        + maxResponseBytes
        + "B";
  }
}
