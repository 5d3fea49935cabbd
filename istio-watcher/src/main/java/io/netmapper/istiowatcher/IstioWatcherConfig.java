package io.netmapper.istiowatcher;

import io.netmapper.common.config.Checks;
import io.netmapper.common.config.EnvDefaults;
import io.netmapper.common.reporter.ReporterConfig;
import io.netmapper.common.reporter.ReporterFlags;
import io.netmapper.common.reporter.ReporterSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
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
    ReporterSettings reporter,
    String namespace,
    int statsPort,
    String statsPath,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    int scrapeConcurrency,
    int maxResponseBytes,
    int maxSeriesPerSidecar)
    implements ReporterConfig {

  /** Port of the standalone watcher's /healthz and /metrics unless configured. */
  static final int HEALTH_PORT = 9484;

  public IstioWatcherConfig {
    Objects.requireNonNull(reporter, "reporter");
    if (statsPort < 1 || statsPort > 65535) {
      throw new IllegalArgumentException("--istio-stats-port " + statsPort + " is not a port");
    }
    if (!statsPath.startsWith("/")) {
      throw new IllegalArgumentException(
          "--istio-stats-path must start with /, got '" + statsPath + "'");
    }
    Checks.positive("--istio-scrape-interval", scrapeInterval);
    Checks.positive("--istio-scrape-timeout", scrapeTimeout);
    if (scrapeConcurrency < 1 || scrapeConcurrency > 256) {
      throw new IllegalArgumentException("--istio-scrape-concurrency must be within 1..256");
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("--istio-max-response-bytes must be >= 1024");
    }
    if (maxSeriesPerSidecar < 1) {
      throw new IllegalArgumentException("--istio-max-series-per-sidecar must be >= 1");
    }
  }

  @Command(
      name = "istio-watcher",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "netmapper istio-watcher: reads Envoy sidecars' istio_requests_total, reports HTTP path/method access.")
  static final class Flags {
    @Mixin ReporterFlags reporter = new ReporterFlags(HEALTH_PORT);

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
    return new IstioWatcherConfig(
        f.reporter.settings(env),
        f.namespace.trim(),
        f.statsPort,
        f.statsPath.trim(),
        f.scrapeInterval,
        f.scrapeTimeout,
        f.scrapeConcurrency,
        f.maxResponseBytes,
        f.maxSeriesPerSidecar);
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
