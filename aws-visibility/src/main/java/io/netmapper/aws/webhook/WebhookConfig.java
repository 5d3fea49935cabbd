package io.netmapper.aws.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the admission webhook, validated once.
 *
 * @param port HTTPS port ({@link #DEFAULT_PORT}); 0 picks a free one (tests)
 * @param bundleConfigMapName the ConfigMap with the CA bundle, kept in each pod's namespace
 * @param dnsServiceIp the visibility DNS Service's cluster IP, the pods' nameserver
 * @param clusterDomain the cluster's DNS domain, for the search path
 * @param webhookConfigurationName the MutatingWebhookConfiguration whose caBundle we keep
 * @param bundleRecheck how long a namespace's ConfigMap counts as verified before the next pod
 *     there reads it again
 */
public record WebhookConfig(
    int port,
    String bundleConfigMapName,
    String dnsServiceIp,
    String clusterDomain,
    String webhookConfigurationName,
    Duration bundleRecheck) {

  public static final int DEFAULT_PORT = 9443;
  public static final String DEFAULT_CONFIGMAP = "netmapper-aws-ca-bundle";
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
  public static final Duration DEFAULT_BUNDLE_RECHECK = Duration.ofSeconds(30);

  private static final Pattern DNS1123 =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  public WebhookConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    requireName("bundleConfigMapName", bundleConfigMapName, 253);
    requireName("clusterDomain", clusterDomain, 253);
    requireName("webhookConfigurationName", webhookConfigurationName, 253);
    Objects.requireNonNull(dnsServiceIp, "dnsServiceIp");
    if (!IP_LITERAL.matcher(dnsServiceIp).matches() || !isIp(dnsServiceIp)) {
      throw new IllegalArgumentException(
          "dnsServiceIp must be an IP address, got '" + dnsServiceIp + "'");
    }
    Objects.requireNonNull(bundleRecheck, "bundleRecheck");
    if (bundleRecheck.isNegative()) {
      throw new IllegalArgumentException("bundleRecheck must not be negative");
    }
  }

  /** Defaults for everything but the DNS Service IP and the webhook configuration's name. */
  public static WebhookConfig of(String dnsServiceIp, String webhookConfigurationName) {
    return new WebhookConfig(
        DEFAULT_PORT,
        DEFAULT_CONFIGMAP,
        dnsServiceIp,
        DEFAULT_CLUSTER_DOMAIN,
        webhookConfigurationName,
        DEFAULT_BUNDLE_RECHECK);
  }

  private static void requireName(String what, String value, int max) {
    Objects.requireNonNull(value, what);
    if (value.length() > max || !DNS1123.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be a DNS-1123 name, got '" + value + "'");
    }
  }

  private static boolean isIp(String literal) {
    try {
      // only digits, dots, colons and hex reach here, so this never does a DNS lookup
      InetAddress.getByName(literal);
      return literal.contains(":") || literal.chars().filter(c -> c == '.').count() == 3;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
