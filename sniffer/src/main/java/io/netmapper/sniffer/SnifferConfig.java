package io.netmapper.sniffer;

import io.netmapper.common.telemetry.TelemetryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the sniffer can be told, validated once. Each setting has one name: flag {@code
 * --proc-root}, environment {@code NETMAPPER_PROC_ROOT}, Helm value {@code sniffer.procRoot}.
 * Precedence: flag, environment, default.
 *
 * <p>Unlike the other components this one does not use picocli: the node agent runs everywhere with
 * an 80 MiB RSS budget, and a flat list of {@code --name value} settings needs no annotation
 * processing, reflection or the parser's classes in its metaspace. The names, the environment
 * mapping ({@code EnvDefaults}' rule) and the duration syntax are the same.
 */
public record SnifferConfig(
    String mapperAddress,
    String nodeName,
    Path procRoot,
    Path nodeNetns,
    String captureDevice,
    String captureNetns,
    int captureSnaplen,
    int captureBufferBytes,
    String healthAddress,
    int healthPort,
    Duration reportInterval,
    Duration scanInterval,
    Duration scanFullRead,
    int aggregateMaxEntries,
    int batchMaxEntries,
    int bufferMaxBatches,
    long bufferMaxBytes,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    Duration rpcTimeout,
    TelemetryConfig telemetry,
    boolean hostnetAttribution,
    Path cgroupRoot,
    int hostnetLookupsPerSecond) {

  /** A setting: its name, default and help. */
  record Setting(String name, String defaultValue, String help) {
    String flag() {
      return "--" + name;
    }

    String env() {
      return "NETMAPPER_" + name.replace('-', '_').toUpperCase(Locale.ROOT);
    }
  }

  static final List<Setting> SETTINGS =
      List.of(
          new Setting(
              "mapper-address",
              "netmapper-mapper.netmapper-system:9090",
              "gRPC target of the mapper's ReportService"),
          new Setting(
              "node-name",
              "",
              "node this sniffer runs on (chart: spec.nodeName); default: host name"),
          new Setting("proc-root", "/proc", "proc tree of the host (chart: /hostproc, read-only)"),
          new Setting(
              "node-netns", "", "network namespace of the node; default: <proc-root>/1/ns/net"),
          new Setting(
              "capture-device",
              "any",
              "libpcap device; 'any' covers every interface, also veths created later"),
          new Setting(
              "capture-netns",
              "",
              "capture inside this network namespace (e.g. /var/run/netns/x; test and demo nodes); default: own"),
          new Setting("capture-snaplen", "65535", "bytes captured per packet"),
          new Setting(
              "capture-buffer-bytes",
              "2097152",
              "kernel capture buffer (packets wait here while the capture thread is busy)"),
          new Setting("health-address", "0.0.0.0", "address of the /healthz and /metrics server"),
          new Setting(
              "health-port",
              "9481",
              "port of the /healthz and /metrics server (host network: must be free)"),
          new Setting(
              "report-interval",
              "1s",
              "aggregation interval; one batch per report kind per interval"),
          new Setting("scan-interval", "5s", "interval between two socket scans of /proc"),
          new Setting(
              "scan-full-read",
              "60s",
              "longest reuse of a namespace's socket list while its TCP counters do not move"),
          new Setting(
              "aggregate-max-entries",
              "100000",
              "distinct entries kept per interval; more are dropped and counted"),
          new Setting("batch-max-entries", "5000", "entries per report batch"),
          new Setting(
              "buffer-max-batches",
              "1000",
              "unacknowledged batches kept while the mapper is slow or down"),
          new Setting("buffer-max-bytes", "33554432", "bytes of unacknowledged batches kept"),
          new Setting(
              "retry-initial-backoff",
              "200ms",
              "wait after the first failed delivery (doubles, +-20% jitter)"),
          new Setting("retry-max-backoff", "30s", "longest wait between two delivery attempts"),
          new Setting("rpc-timeout", "5s", "deadline of one ReportService call"),
          new Setting(
              "hostnet-attribution",
              "true",
              "name the hostNetwork pod of SYNs and DNS queries sent from node addresses (NETLINK_SOCK_DIAG)"),
          new Setting(
              "cgroup-root",
              "",
              "cgroup v2 mount of the host (kubelet's pod cgroups); default: <proc-root>/1/root/sys/fs/cgroup, its unified/ on hybrid nodes"),
          new Setting(
              "hostnet-lookups-per-second",
              "200",
              "most socket lookups per second for host-network attribution; more are counted rate_limited"),
          new Setting(
              "telemetry-enabled",
              "true",
              "anonymous usage counters, sent only to NETMAPPER_TELEMETRY_ENDPOINT"));

  public SnifferConfig {
    Objects.requireNonNull(mapperAddress, "mapperAddress");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(procRoot, "procRoot");
    Objects.requireNonNull(nodeNetns, "nodeNetns");
    Objects.requireNonNull(captureNetns, "captureNetns");
    require(!mapperAddress.isBlank(), "mapper-address must not be empty");
    require(
        captureSnaplen >= 128 && captureSnaplen <= 262144,
        "capture-snaplen must be within 128..262144");
    require(captureBufferBytes >= 65536, "capture-buffer-bytes must be >= 65536");
    require(healthPort >= 0 && healthPort <= 65535, "health-port must be within 0..65535");
    require(positive(reportInterval), "report-interval must be > 0");
    require(positive(scanInterval), "scan-interval must be > 0");
    require(scanFullRead != null && !scanFullRead.isNegative(), "scan-full-read must be >= 0");
    require(aggregateMaxEntries >= 1, "aggregate-max-entries must be >= 1");
    require(batchMaxEntries >= 1, "batch-max-entries must be >= 1");
    require(bufferMaxBatches >= 1, "buffer-max-batches must be >= 1");
    require(bufferMaxBytes >= 1024, "buffer-max-bytes must be >= 1024");
    require(positive(retryInitialBackoff), "retry-initial-backoff must be > 0");
    require(
        retryMaxBackoff.compareTo(retryInitialBackoff) >= 0,
        "retry-max-backoff must be >= retry-initial-backoff");
    require(positive(rpcTimeout), "rpc-timeout must be > 0");
    Objects.requireNonNull(cgroupRoot, "cgroupRoot");
    require(hostnetLookupsPerSecond >= 1, "hostnet-lookups-per-second must be >= 1");
  }

  /**
   * Builds the config from command-line flags and the environment; throws with a readable message.
   */
  public static SnifferConfig from(List<String> args, Map<String, String> env, String hostName) {
    Map<String, String> v = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      v.put(s.name(), env.getOrDefault(s.env(), s.defaultValue()));
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (see --help)");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("flag --" + name + " needs a value");
      }
      if (!v.containsKey(name)) {
        throw new IllegalArgumentException("unknown flag --" + name + " (see --help)");
      }
      v.put(name, value);
    }
    Path procRoot = Path.of(v.get("proc-root"));
    String nodeNetns = v.get("node-netns");
    String nodeName = v.get("node-name").isBlank() ? hostName : v.get("node-name");
    return new SnifferConfig(
        v.get("mapper-address"),
        nodeName,
        procRoot,
        nodeNetns.isBlank() ? procRoot.resolve("1/ns/net") : Path.of(nodeNetns),
        v.get("capture-device"),
        v.get("capture-netns"),
        integer(v, "capture-snaplen"),
        integer(v, "capture-buffer-bytes"),
        v.get("health-address"),
        integer(v, "health-port"),
        duration(v, "report-interval"),
        duration(v, "scan-interval"),
        duration(v, "scan-full-read"),
        integer(v, "aggregate-max-entries"),
        integer(v, "batch-max-entries"),
        integer(v, "buffer-max-batches"),
        longValue(v, "buffer-max-bytes"),
        duration(v, "retry-initial-backoff"),
        duration(v, "retry-max-backoff"),
        duration(v, "rpc-timeout"),
        TelemetryConfig.of(bool(v, "telemetry-enabled"), env),
        bool(v, "hostnet-attribution"),
        v.get("cgroup-root").isBlank()
            ? procRoot.resolve("1/root/sys/fs/cgroup")
            : Path.of(v.get("cgroup-root")),
        integer(v, "hostnet-lookups-per-second"));
  }

  /** The usage text listing every flag with its environment variable and default. */
  public static String usage() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "usage: sniffer [--flag value]...   (each flag can also be set as NETMAPPER_<FLAG> in the environment)");
    for (Setting s : SETTINGS) {
      lines.add(
          String.format(
              "  %-26s %-38s %s (default: %s)",
              s.flag(), s.env(), s.help(), s.defaultValue().isEmpty() ? "-" : s.defaultValue()));
    }
    return String.join("\n", lines);
  }

  /** One line for the startup log. */
  public String describe() {
    return "mapper="
        + mapperAddress
        + " node="
        + nodeName
        + " proc="
        + procRoot
        + " nodeNetns="
        + nodeNetns
        + " device="
        + captureDevice
        + (captureNetns.isEmpty() ? "" : " captureNetns=" + captureNetns)
        + " health="
        + healthAddress
        + ":"
        + healthPort
        + " report="
        + reportInterval
        + " scan="
        + scanInterval
        + " buffer="
        + bufferMaxBatches
        + "/"
        + bufferMaxBytes
        + "B"
        + (hostnetAttribution
            ? " hostnet=" + cgroupRoot + "@" + hostnetLookupsPerSecond + "/s"
            : " hostnet=off");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static int integer(Map<String, String> v, String name) {
    long n = longValue(v, name);
    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(name + " is too large: " + n);
    }
    return (int) n;
  }

  private static long longValue(Map<String, String> v, String name) {
    try {
      return Long.parseLong(v.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + v.get(name) + "'", e);
    }
  }

  /** Durations like {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT5S}. */
  static boolean bool(Map<String, String> v, String name) {
    String text = v.get(name).trim().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException(
          name + " must be true or false, got '" + v.get(name) + "'");
    }
    return Boolean.parseBoolean(text);
  }

  static Duration duration(Map<String, String> v, String name) {
    try {
      return io.netmapper.common.config.Durations.parse(v.get(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }
}
