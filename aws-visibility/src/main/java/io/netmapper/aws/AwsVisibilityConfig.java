package io.netmapper.aws;

import io.netmapper.common.config.Checks;
import io.netmapper.common.config.EnvDefaults;
import io.netmapper.common.net.IpAddresses;
import io.netmapper.common.reporter.AggregationFlags;
import io.netmapper.common.reporter.ReporterConfig;
import io.netmapper.common.reporter.ReporterFlags;
import io.netmapper.common.reporter.ReporterSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything AWS visibility can be told, validated once. Each setting has one name: flag {@code
 * --proxy-https-port}, environment {@code NETMAPPER_PROXY_HTTPS_PORT}. Precedence: flag,
 * environment, default. Durations: {@code 500ms}, {@code 30s}, {@code PT30S}.
 *
 * <p>The three parts run in one process behind one Service: its ClusterIP is both the address the
 * DNS server gives for AWS names (the proxy) and the nameserver the webhook gives opted-in pods.
 * The address is read from that Service at start unless {@code --service-addresses} names it.
 */
public record AwsVisibilityConfig(
    ReporterSettings reporter,
    String namespace,
    String serviceName,
    List<InetAddress> serviceAddresses,
    String clusterDomain,
    String bindAddress,
    boolean proxyEnabled,
    int proxyHttpsPort,
    int proxyHttpPort,
    int proxyMaxInspectBytes,
    Duration proxyConnectTimeout,
    Duration proxyIdleTimeout,
    String caSecretName,
    boolean dnsEnabled,
    int dnsPort,
    String dnsUpstream,
    Duration dnsTtl,
    Duration dnsUpstreamTimeout,
    boolean webhookEnabled,
    int webhookPort,
    String webhookConfigurationName,
    String caBundleConfigMap,
    Duration reportInterval,
    int aggregateMaxEntries)
    implements ReporterConfig {

  static final String COMPONENT = "aws-visibility";

  /** Port of /healthz and /metrics unless configured; the chart's container port. */
  static final int HEALTH_PORT = 9486;

  public AwsVisibilityConfig {
    Objects.requireNonNull(reporter, "reporter");
    serviceAddresses = List.copyOf(serviceAddresses);
    if (!proxyEnabled && !dnsEnabled && !webhookEnabled) {
      throw new IllegalArgumentException(
          "nothing to run: --proxy-enabled, --dns-enabled and --webhook-enabled are all false");
    }
    Checks.port("--proxy-https-port", proxyHttpsPort);
    Checks.port("--proxy-http-port", proxyHttpPort);
    Checks.port("--dns-port", dnsPort);
    Checks.port("--webhook-port", webhookPort);
    if (proxyMaxInspectBytes < 0 || proxyMaxInspectBytes > 1 << 20) {
      throw new IllegalArgumentException("--proxy-max-inspect-bytes must be 0..1048576");
    }
    if (aggregateMaxEntries < 1) {
      throw new IllegalArgumentException("--aggregate-max-entries must be >= 1");
    }
    Checks.positive("--proxy-connect-timeout", proxyConnectTimeout);
    Checks.positive("--proxy-idle-timeout", proxyIdleTimeout);
    Checks.positive("--dns-ttl", dnsTtl);
    Checks.positive("--dns-upstream-timeout", dnsUpstreamTimeout);
    Checks.positive("--report-interval", reportInterval);
    if (!IpAddresses.isIpLiteral(bindAddress)) {
      throw new IllegalArgumentException(
          "--bind-address '" + bindAddress + "' is not an IP address");
    }
    if (dnsEnabled && dnsUpstream.isBlank()) {
      throw new IllegalArgumentException(
          "--dns-upstream is empty and /etc/resolv.conf names no nameserver");
    }
  }

  @Command(
      name = COMPONENT,
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "netmapper aws-visibility: AWS API proxy, pod admission webhook and DNS server; reports which workload"
              + " calls which AWS API on which resource.")
  static final class Flags {
    @Mixin ReporterFlags reporter = new ReporterFlags(HEALTH_PORT);

    @Option(
        names = "--namespace",
        defaultValue = "netmapper-system",
        description = "Namespace of this component (its Service, the CA Secret).")
    String namespace;

    @Option(
        names = "--service-name",
        defaultValue = "netmapper-aws-visibility",
        description = "The Service in front of the proxy, DNS server and webhook.")
    String serviceName;

    @Option(
        names = "--service-addresses",
        split = ",",
        description = "That Service's ClusterIP(s); default: read from the Service at start.")
    List<String> serviceAddresses = new ArrayList<>();

    @Option(
        names = "--cluster-domain",
        defaultValue = "cluster.local",
        description =
            "Cluster DNS domain (opted-in pods' search path, the webhook's certificate names).")
    String clusterDomain;

    @Option(
        names = "--bind-address",
        defaultValue = "0.0.0.0",
        description = "Address the proxy, DNS server and webhook listen on.")
    String bindAddress;

    @Option(
        names = "--proxy-enabled",
        defaultValue = "true",
        arity = "1",
        description = "Run the proxy.")
    boolean proxyEnabled;

    @Option(
        names = "--proxy-https-port",
        defaultValue = "8443",
        description = "Proxy port for HTTPS (the Service's 443).")
    int proxyHttpsPort;

    @Option(
        names = "--proxy-http-port",
        defaultValue = "8080",
        description = "Proxy port for plain HTTP (the Service's 80).")
    int proxyHttpPort;

    @Option(
        names = "--proxy-max-inspect-bytes",
        defaultValue = "65536",
        description =
            "Request body bytes read to find resources (the rest streams through unread).")
    int proxyMaxInspectBytes;

    @Option(
        names = "--proxy-connect-timeout",
        defaultValue = "PT10S",
        description = "Connecting to the AWS endpoint, at most.")
    Duration proxyConnectTimeout;

    @Option(
        names = "--proxy-idle-timeout",
        defaultValue = "PT5M",
        description = "Idle connections are closed after this.")
    Duration proxyIdleTimeout;

    @Option(
        names = "--ca-secret-name",
        defaultValue = "netmapper-aws-visibility-ca",
        description = "Secret (in --namespace) holding the proxy's CA; created on first start.")
    String caSecretName;

    @Option(
        names = "--dns-enabled",
        defaultValue = "true",
        arity = "1",
        description = "Run the DNS server.")
    boolean dnsEnabled;

    @Option(
        names = "--dns-port",
        defaultValue = "5353",
        description = "DNS port, UDP and TCP (the Service's 53).")
    int dnsPort;

    @Option(
        names = "--dns-upstream",
        defaultValue = "",
        description =
            "Cluster DNS as ip[:port] for every non-AWS query; default: the first nameserver of /etc/resolv.conf.")
    String dnsUpstream;

    @Option(
        names = "--dns-ttl",
        defaultValue = "PT30S",
        description = "TTL of the answers for AWS names.")
    Duration dnsTtl;

    @Option(
        names = "--dns-upstream-timeout",
        defaultValue = "PT2S",
        description = "A forwarded query without an answer after this gets SERVFAIL.")
    Duration dnsUpstreamTimeout;

    @Option(
        names = "--webhook-enabled",
        defaultValue = "true",
        arity = "1",
        description = "Run the admission webhook.")
    boolean webhookEnabled;

    @Option(names = "--webhook-port", defaultValue = "9443", description = "Webhook HTTPS port.")
    int webhookPort;

    @Option(
        names = "--webhook-configuration-name",
        defaultValue = "netmapper-aws-visibility",
        description = "MutatingWebhookConfiguration whose caBundle is set at start.")
    String webhookConfigurationName;

    @Option(
        names = "--ca-bundle-configmap",
        defaultValue = "netmapper-aws-ca-bundle",
        description = "ConfigMap with the trust bundle, kept in each opted-in pod's namespace.")
    String caBundleConfigMap;

    @Mixin AggregationFlags aggregation = new AggregationFlags();
  }

  /**
   * Parses flags over environment over defaults.
   *
   * @param resolvConf the text of /etc/resolv.conf (the default upstream's source)
   * @throws CommandLine.ParameterException for usage errors (unknown flag, bad value)
   * @throws IllegalArgumentException for values that parse but make no sense
   */
  public static AwsVisibilityConfig parse(
      String[] args, Map<String, String> env, String resolvConf) {
    Flags f = new Flags();
    commandLine(f, env).parseArgs(args);
    List<InetAddress> addresses = new ArrayList<>();
    for (String a : f.serviceAddresses) {
      if (!a.isBlank()) {
        addresses.add(address("--service-addresses", a.trim()));
      }
    }
    String upstream = f.dnsUpstream.isBlank() ? firstNameserver(resolvConf) : f.dnsUpstream.trim();
    String domain =
        f.clusterDomain.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
    return new AwsVisibilityConfig(
        f.reporter.settings(env),
        f.namespace.trim(),
        f.serviceName.trim(),
        addresses,
        domain,
        f.bindAddress.trim(),
        f.proxyEnabled,
        f.proxyHttpsPort,
        f.proxyHttpPort,
        f.proxyMaxInspectBytes,
        f.proxyConnectTimeout,
        f.proxyIdleTimeout,
        f.caSecretName.trim(),
        f.dnsEnabled,
        f.dnsPort,
        upstream,
        f.dnsTtl,
        f.dnsUpstreamTimeout,
        f.webhookEnabled,
        f.webhookPort,
        f.webhookConfigurationName.trim(),
        f.caBundleConfigMap.trim(),
        f.aggregation.reportInterval,
        f.aggregation.aggregateMaxEntries);
  }

  static CommandLine commandLine(Flags flags, Map<String, String> env) {
    return EnvDefaults.commandLine(flags, env);
  }

  /** The first {@code nameserver} line of a resolv.conf, or "" when there is none. */
  static String firstNameserver(String resolvConf) {
    for (String line : resolvConf.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 2 && words[0].equals("nameserver") && IpAddresses.isIpLiteral(words[1])) {
        return words[1];
      }
    }
    return "";
  }

  /** One line for the startup log (no secrets in here). */
  public String describe() {
    return "mapper="
        + mapperAddress()
        + " service="
        + serviceName
        + "."
        + namespace
        + (serviceAddresses.isEmpty() ? "" : " addresses=" + serviceAddresses)
        + " proxy="
        + (proxyEnabled ? bindAddress + ":" + proxyHttpsPort + "/" + proxyHttpPort : "off")
        + " dns="
        + (dnsEnabled ? bindAddress + ":" + dnsPort + " upstream " + dnsUpstream : "off")
        + " webhook="
        + (webhookEnabled ? bindAddress + ":" + webhookPort : "off")
        + " health="
        + healthAddress()
        + ":"
        + healthPort()
        + " report="
        + reportInterval;
  }

  private static InetAddress address(String flag, String text) {
    if (!IpAddresses.isIpLiteral(text)) {
      throw new IllegalArgumentException(flag + ": '" + text + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(flag + ": '" + text + "' is not an IP address");
    }
  }
}
