package io.netmapper.kafkawatcher;

import io.netmapper.common.config.Checks;
import io.netmapper.common.config.EnvDefaults;
import io.netmapper.common.reporter.AggregationFlags;
import io.netmapper.common.reporter.ReporterConfig;
import io.netmapper.common.reporter.ReporterFlags;
import io.netmapper.common.reporter.ReporterSettings;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything the Kafka watcher can be told, validated once. Each setting has one name: flag {@code
 * --brokers}, environment {@code NETMAPPER_BROKERS}, Helm value {@code kafkaWatcher.brokers}.
 * Precedence: flag, environment, default. Durations are ISO-8601 ({@code PT10S}).
 *
 * <p>Modes: pod logs (the default) reads each broker's log through the Kubernetes API, the brokers
 * named in {@code brokers} or found by {@code brokerSelector}; file mode (a sidecar in the broker
 * pod) tails {@code logFile} and reports it as the one broker named in {@code brokers}.
 */
public record KafkaWatcherConfig(
    ReporterSettings reporter,
    List<BrokerPod> brokers,
    String brokerSelector,
    String brokerNamespace,
    String brokerContainer,
    Optional<Path> logFile,
    ZoneId logTimeZone,
    Duration initialSince,
    Duration discoveryInterval,
    Duration reconnectInitialBackoff,
    Duration reconnectMaxBackoff,
    Duration filePollInterval,
    int maxLineBytes,
    Duration reportInterval,
    int aggregateMaxEntries)
    implements ReporterConfig {

  /** Port of /healthz and /metrics unless configured; the chart's container port. */
  static final int HEALTH_PORT = 9483;

  public KafkaWatcherConfig {
    Objects.requireNonNull(reporter, "reporter");
    brokers = List.copyOf(brokers);
    if (logFile.isPresent() && brokers.size() != 1) {
      throw new IllegalArgumentException(
          "--log-file (sidecar mode) needs exactly one broker in --brokers, the pod it"
              + " runs in (e.g. $(POD_NAME).$(POD_NAMESPACE)); got "
              + brokers.size());
    }
    if (logFile.isEmpty() && brokers.isEmpty() && brokerSelector.isBlank()) {
      throw new IllegalArgumentException(
          "no brokers: set --brokers name.namespace,... or --broker-selector (or --log-file"
              + " for sidecar mode)");
    }
    if (!brokers.isEmpty() && !brokerSelector.isBlank()) {
      throw new IllegalArgumentException("set either --brokers or --broker-selector, not both");
    }
    if (maxLineBytes < 1024) {
      throw new IllegalArgumentException("--max-line-bytes must be >= 1024");
    }
    if (aggregateMaxEntries < 1) {
      throw new IllegalArgumentException("--aggregate-max-entries must be >= 1");
    }
    if (initialSince.isNegative()) {
      throw new IllegalArgumentException("--initial-since must not be negative");
    }
    Checks.positive("--report-interval", reportInterval);
    Checks.positive("--discovery-interval", discoveryInterval);
    Checks.positive("--reconnect-initial-backoff", reconnectInitialBackoff);
    Checks.positive("--file-poll-interval", filePollInterval);
    if (reconnectMaxBackoff.compareTo(reconnectInitialBackoff) < 0) {
      throw new IllegalArgumentException(
          "--reconnect-max-backoff must be >= --reconnect-initial-backoff");
    }
  }

  @Command(
      name = "kafka-watcher",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "netmapper kafka-watcher: reads Kafka brokers' authorizer logs, reports topic-level access.")
  static final class Flags {
    @Mixin ReporterFlags reporter = new ReporterFlags(HEALTH_PORT);

    @Option(
        names = "--brokers",
        split = ",",
        description = "Broker pods as name.namespace (comma-separated).")
    List<String> brokers = new ArrayList<>();

    @Option(
        names = "--broker-selector",
        defaultValue = "",
        description =
            "Label selector that finds the broker pods, e.g. app.kubernetes.io/name=kafka.")
    String brokerSelector;

    @Option(
        names = "--broker-namespace",
        defaultValue = "",
        description = "Namespace searched with --broker-selector (default: all).")
    String brokerNamespace;

    @Option(
        names = "--broker-container",
        defaultValue = "",
        description =
            "Container of the broker pod whose log is read (default: the pod's only or default container).")
    String brokerContainer;

    @Option(
        names = "--log-file",
        defaultValue = "",
        description = "Sidecar mode: tail this authorizer log file instead of the pod logs API.")
    String logFile;

    @Option(
        names = "--log-time-zone",
        defaultValue = "UTC",
        description = "Zone of log timestamps without an offset.")
    String logTimeZone;

    @Option(
        names = "--initial-since",
        defaultValue = "PT0S",
        description =
            "Pod logs: on the first connection read this far back (PT0S: the whole current log).")
    Duration initialSince;

    @Option(
        names = "--discovery-interval",
        defaultValue = "PT30S",
        description = "How often --broker-selector is listed again.")
    Duration discoveryInterval;

    @Option(
        names = "--reconnect-initial-backoff",
        defaultValue = "PT1S",
        description = "Wait before reconnecting a broker's log stream (doubles).")
    Duration reconnectInitialBackoff;

    @Option(
        names = "--reconnect-max-backoff",
        defaultValue = "PT30S",
        description = "Longest wait before reconnecting.")
    Duration reconnectMaxBackoff;

    @Option(
        names = "--file-poll-interval",
        defaultValue = "PT0.25S",
        description =
            "Sidecar mode: how often the file is checked for new lines, rotation, truncation.")
    Duration filePollInterval;

    @Option(
        names = "--max-line-bytes",
        defaultValue = "65536",
        description = "Longer lines are skipped and counted.")
    int maxLineBytes;

    @Mixin AggregationFlags aggregation = new AggregationFlags();
  }

  /**
   * Parses flags over environment over defaults.
   *
   * @throws CommandLine.ParameterException for usage errors (unknown flag, bad value)
   * @throws IllegalArgumentException for values that parse but make no sense
   */
  public static KafkaWatcherConfig parse(String[] args, Map<String, String> env) {
    Flags f = new Flags();
    commandLine(f, env).parseArgs(args);
    List<BrokerPod> brokers = new ArrayList<>();
    for (String b : f.brokers) {
      if (!b.isBlank()) {
        brokers.add(BrokerPod.parse(b));
      }
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(f.logTimeZone.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--log-time-zone '" + f.logTimeZone + "' is not a time zone (e.g. UTC, Europe/Berlin)");
    }
    return new KafkaWatcherConfig(
        f.reporter.settings(env),
        brokers,
        f.brokerSelector.trim(),
        f.brokerNamespace.trim(),
        f.brokerContainer.trim(),
        f.logFile.isBlank() ? Optional.empty() : Optional.of(Path.of(f.logFile.trim())),
        zone,
        f.initialSince,
        f.discoveryInterval,
        f.reconnectInitialBackoff,
        f.reconnectMaxBackoff,
        f.filePollInterval,
        f.maxLineBytes,
        f.aggregation.reportInterval,
        f.aggregation.aggregateMaxEntries);
  }

  static CommandLine commandLine(Flags flags, Map<String, String> env) {
    return EnvDefaults.commandLine(flags, env);
  }

  public boolean fileMode() {
    return logFile.isPresent();
  }

  /** One line for the startup log. */
  public String describe() {
    String source =
        fileMode()
            ? "file " + logFile.get() + " as " + brokers.get(0)
            : !brokers.isEmpty()
                ? "pod logs of " + brokers
                : "pod logs of pods matching '"
                    + brokerSelector
                    + "' in "
                    + (brokerNamespace.isEmpty() ? "all namespaces" : brokerNamespace);
    return "mapper="
        + mapperAddress()
        + " source="
        + source
        + " health="
        + healthAddress()
        + ":"
        + healthPort()
        + " report="
        + reportInterval
        + " buffer="
        + delivery().maxBatches()
        + "/"
        + delivery().maxBytes()
        + "B";
  }
}
