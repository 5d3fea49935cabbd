package io.netmapper.mapper;

import io.netmapper.common.config.Checks;
import io.netmapper.common.config.EnvDefaults;
import io.netmapper.common.net.Cidr;
import io.netmapper.common.telemetry.TelemetryConfig;
import io.netmapper.istiowatcher.IstioWatcherConfig;
import io.netmapper.mapper.persist.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The mapper's settings, validated once at start. Each has one name: flag {@code --x-y},
 * environment {@code NETMAPPER_X_Y}. Durations are ISO-8601 ({@code PT5M}).
 */
public record MapperConfig(
    String bindAddress,
    int port,
    String clusterDomain,
    List<Cidr> clusterCidrs,
    Duration ipGracePeriod,
    Duration clockSkew,
    Duration pendingTimeout,
    Duration retryInterval,
    int maxPending,
    int maxBatchEntries,
    int maxRequestBytes,
    Duration maxObservationAge,
    Duration maxFutureSkew,
    Duration dnsMemory,
    Duration informerSyncTimeout,
    Duration ownerCacheTtl,
    Duration ownerFailureTtl,
    Optional<String> kubeconfig,
    Optional<String> context,
    Set<String> excludeNamespaces,
    TelemetryConfig telemetry,
    Optional<IstioWatcherConfig> istio,
    boolean graphqlEnabled,
    StoreSettings store,
    Duration storeRetryInterval,
    int maxInflightBatches,
    Duration overloadRetryAfter) {

  @Command(
      name = "mapper",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = "netmapper mapper: receives observations, resolves workloads, serves the map.")
  static final class Flags {
    @Option(
        names = "--bind-address",
        defaultValue = "0.0.0.0",
        description = "Address to listen on.")
    String bindAddress;

    @Option(
        names = "--port",
        defaultValue = "9090",
        description = "gRPC, JSON, /metrics, /healthz, /readyz port.")
    int port;

    @Option(
        names = "--cluster-domain",
        defaultValue = "cluster.local",
        description = "Cluster DNS domain.")
    String clusterDomain;

    @Option(
        names = "--cluster-cidrs",
        split = ",",
        description = "Pod and Service CIDRs (node podCIDRs are learned from the API).")
    List<String> clusterCidrs = new ArrayList<>();

    @Option(
        names = "--ip-grace-period",
        defaultValue = "PT5M",
        description = "How long a deleted pod's IP still resolves to it.")
    Duration ipGracePeriod;

    @Option(
        names = "--clock-skew",
        defaultValue = "PT2S",
        description = "Tolerance between node clocks and API timestamps.")
    Duration clockSkew;

    @Option(
        names = "--pending-timeout",
        defaultValue = "PT60S",
        description = "How long an unresolvable observation is retried.")
    Duration pendingTimeout;

    @Option(
        names = "--retry-interval",
        defaultValue = "PT1S",
        description = "How often waiting observations are retried.")
    Duration retryInterval;

    @Option(
        names = "--max-pending",
        defaultValue = "100000",
        description = "Observations waiting for the cache, at most.")
    int maxPending;

    @Option(
        names = "--max-batch-entries",
        defaultValue = "10000",
        description = "Entries per report batch, at most.")
    int maxBatchEntries;

    @Option(
        names = "--max-request-bytes",
        defaultValue = "16777216",
        description = "Request size, at most.")
    int maxRequestBytes;

    @Option(
        names = "--max-observation-age",
        defaultValue = "PT24H",
        description = "Older observations are rejected.")
    Duration maxObservationAge;

    @Option(
        names = "--max-future-skew",
        defaultValue = "PT5M",
        description = "Observations further in the future are rejected.")
    Duration maxFutureSkew;

    @Option(
        names = "--dns-memory",
        defaultValue = "PT1H",
        description = "How long an external name resolved by a client names its connections.")
    Duration dnsMemory;

    @Option(
        names = "--informer-sync-timeout",
        defaultValue = "PT60S",
        description = "Readiness waits this long for informers before logging a warning.")
    Duration informerSyncTimeout;

    @Option(
        names = "--owner-cache-ttl",
        defaultValue = "PT10M",
        description = "How long an owner walk is cached.")
    Duration ownerCacheTtl;

    @Option(
        names = "--owner-failure-ttl",
        defaultValue = "PT1M",
        description = "How long a failed owner lookup is cached.")
    Duration ownerFailureTtl;

    @Option(
        names = "--kubeconfig",
        description =
            "Kubeconfig file (default: fabric8 discovery: KUBECONFIG, ~/.kube/config, in-cluster).")
    String kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context.")
    String context;

    @Option(
        names = "--exclude-namespaces",
        split = ",",
        description =
            "Namespaces whose pods are left out of the map, as clients and as servers (e.g. kube-system,monitoring).")
    List<String> excludeNamespaces = new ArrayList<>();

    @Option(
        names = "--telemetry-enabled",
        defaultValue = "true",
        arity = "1",
        description = "Anonymous usage counters (sent only to NETMAPPER_TELEMETRY_ENDPOINT).")
    boolean telemetryEnabled;

    @Option(
        names = "--istio-enabled",
        defaultValue = "false",
        arity = "1",
        description =
            "Run the Istio watcher inside the mapper: HTTP path/method intents from Envoy sidecars' metrics (its settings: NETMAPPER_ISTIO_*, see docs/istio.md).")
    boolean istioEnabled;

    @Option(
        names = "--graphql-enabled",
        defaultValue = "true",
        arity = "1",
        description =
            "Serve Otterize's GraphQL API at POST /query on the same port (otterize CLI, Otterize's reporters; docs/migrating-from-otterize.md).")
    boolean graphqlEnabled;

    @Option(
        names = "--store",
        defaultValue = "embedded",
        description =
            "Where the map is kept: embedded (H2 in --data-dir), postgresql (--database-url), memory (lost on restart).")
    String store;

    @Option(
        names = "--data-dir",
        defaultValue = "/var/lib/netmapper",
        description = "Directory of the embedded store (the chart mounts an emptyDir or a PVC).")
    String dataDir;

    @Option(
        names = "--database-url",
        description =
            "PostgreSQL JDBC URL for --store postgresql, e.g. jdbc:postgresql://db:5432/netmapper (password: NETMAPPER_DATABASE_PASSWORD).")
    String databaseUrl;

    @Option(names = "--database-user", description = "PostgreSQL user.")
    String databaseUser;

    @Option(
        names = "--store-fsync",
        defaultValue = "true",
        arity = "1",
        description =
            "Embedded store: force each group commit to the disk (survives power loss, not only a crash).")
    boolean storeFsync;

    @Option(
        names = "--store-retry-interval",
        defaultValue = "PT2S",
        description = "How long to wait before reopening a store that failed.")
    Duration storeRetryInterval;

    @Option(
        names = "--max-inflight-batches",
        defaultValue = "20000",
        description =
            "Report batches received and not yet answered, at most; more are answered RESOURCE_EXHAUSTED with a retry delay.")
    int maxInflightBatches;

    @Option(
        names = "--overload-retry-after",
        defaultValue = "PT1S",
        description =
            "The retry delay an over-capacity answer asks for (trailer netmapper-retry-after-ms).")
    Duration overloadRetryAfter;
  }

  /**
   * Parses flags over environment over defaults.
   *
   * @throws CommandLine.ParameterException for usage errors (unknown flag, bad value)
   * @throws IllegalArgumentException for values that parse but make no sense
   */
  public static MapperConfig parse(String[] args, Map<String, String> env) {
    Flags f = new Flags();
    CommandLine cmd = commandLine(f, env);
    cmd.parseArgs(args);
    if (f.port < 0 || f.port > 65535) {
      throw new IllegalArgumentException("--port " + f.port + " is not a port");
    }
    List<Cidr> cidrs = new ArrayList<>();
    for (String c : f.clusterCidrs) {
      if (!c.isBlank()) {
        cidrs.add(Cidr.parse(c.trim()));
      }
    }
    Checks.positive("--pending-timeout", f.pendingTimeout);
    Checks.positive("--retry-interval", f.retryInterval);
    Checks.positive("--max-observation-age", f.maxObservationAge);
    Checks.positive("--overload-retry-after", f.overloadRetryAfter);
    if (f.maxInflightBatches < 1) {
      throw new IllegalArgumentException("--max-inflight-batches must be >= 1");
    }
    if (f.maxBatchEntries < 1 || f.maxPending < 1) {
      throw new IllegalArgumentException("--max-batch-entries and --max-pending must be >= 1");
    }
    String domain =
        f.clusterDomain.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
    return new MapperConfig(
        f.bindAddress,
        f.port,
        domain,
        List.copyOf(cidrs),
        f.ipGracePeriod,
        f.clockSkew,
        f.pendingTimeout,
        f.retryInterval,
        f.maxPending,
        f.maxBatchEntries,
        f.maxRequestBytes,
        f.maxObservationAge,
        f.maxFutureSkew,
        f.dnsMemory,
        f.informerSyncTimeout,
        f.ownerCacheTtl,
        f.ownerFailureTtl,
        Optional.ofNullable(f.kubeconfig),
        Optional.ofNullable(f.context),
        namespaces(f.excludeNamespaces),
        TelemetryConfig.of(f.telemetryEnabled, env),
        f.istioEnabled
            ? Optional.of(IstioWatcherConfig.parse(new String[0], env))
            : Optional.empty(),
        f.graphqlEnabled,
        store(f, env),
        f.storeRetryInterval,
        f.maxInflightBatches,
        f.overloadRetryAfter);
  }

  private static StoreSettings store(Flags f, Map<String, String> env) {
    StoreSettings.Kind kind;
    try {
      kind = StoreSettings.Kind.valueOf(f.store.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--store '" + f.store + "' must be embedded, postgresql or memory");
    }
    // the password comes from the environment only (a Secret), never from a flag or a log line
    String password = env.get("NETMAPPER_DATABASE_PASSWORD");
    return new StoreSettings(
        kind,
        Path.of(f.dataDir),
        f.databaseUrl,
        f.databaseUser,
        Optional.ofNullable(password).filter(p -> !p.isEmpty()),
        f.storeFsync);
  }

  private static Set<String> namespaces(List<String> names) {
    Set<String> out = new java.util.TreeSet<>();
    for (String n : names) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        throw new IllegalArgumentException(
            "--exclude-namespaces: '" + name + "' is not a namespace name");
      }
      out.add(name);
    }
    return Set.copyOf(out);
  }

  static CommandLine commandLine(Flags flags, Map<String, String> env) {
    return EnvDefaults.commandLine(flags, env);
  }

  /** Test and local defaults: everything as shipped. */
  public static MapperConfig defaults() {
    return parse(new String[0], Map.of());
  }

  /** One line for the start-up log (no secrets: the kubeconfig path only). */
  public String summary() {
    return "port="
        + port
        + " clusterDomain="
        + clusterDomain
        + " clusterCidrs="
        + clusterCidrs
        + " ipGracePeriod="
        + ipGracePeriod
        + " pendingTimeout="
        + pendingTimeout
        + " maxBatchEntries="
        + maxBatchEntries
        + " telemetry="
        + (telemetry.sends() ? "on" : "off")
        + " istio="
        + (istio.isPresent() ? "on" : "off")
        + " graphql="
        + (graphqlEnabled ? "on" : "off")
        + " store="
        + store.summary();
  }
}
