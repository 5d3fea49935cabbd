package io.netmapper.mapper.resolve;

import java.util.Locale;

/**
 * What a DNS name means inside the cluster: a Service ({@code svc.ns.svc.<domain>}, or the short
 * forms a search path expands), a pod ({@code a-b-c-d.ns.pod.<domain>}), a name under a Service
 * (headless pod hostnames), some other in-cluster name, or an external name.
 */
sealed interface ClusterName {
  record ServiceName(String namespace, String service) implements ClusterName {}

  /** A pod's own DNS name; the address is in the name. */
  record PodName(String namespace, String ip) implements ClusterName {}

  /** A name below a Service, e.g. a StatefulSet pod's hostname under its headless Service. */
  record ServiceMember(String namespace, String service) implements ClusterName {}

  /** Under the cluster domain but of no known form. */
  record OtherInCluster() implements ClusterName {}

  /**
   * Possibly a short Service name (no cluster domain): {@code svc}, {@code svc.ns} or {@code
   * svc.ns.svc}.
   */
  record Short(String service, String namespace) implements ClusterName {}

  record External(String name) implements ClusterName {}

  /** Lower case, no trailing dot. */
  static String normalize(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  static ClusterName classify(String normalized, String clusterDomain) {
    String suffix = "." + clusterDomain;
    if (normalized.endsWith(suffix) || normalized.equals(clusterDomain)) {
      String rest =
          normalized.equals(clusterDomain)
              ? ""
              : normalized.substring(0, normalized.length() - suffix.length());
      String[] parts = rest.split("\\.");
      int n = parts.length;
      if (n == 3 && parts[2].equals("svc")) {
        return new ServiceName(parts[1], parts[0]);
      }
      if (n == 4 && parts[3].equals("svc")) {
        return new ServiceMember(parts[2], parts[1]);
      }
      if (n == 3 && parts[2].equals("pod")) {
        String ip = podIp(parts[0]);
        if (ip != null) {
          return new PodName(parts[1], ip);
        }
      }
      return new OtherInCluster();
    }
    String[] parts = normalized.split("\\.");
    if (parts.length == 1) {
      return new Short(parts[0], null);
    }
    if (parts.length == 2) {
      return new Short(parts[0], parts[1]);
    }
    if (parts.length == 3 && parts[2].equals("svc")) {
      return new Short(parts[0], parts[1]);
    }
    return new External(normalized);
  }

  /** {@code 10-244-1-7} → {@code 10.244.1.7}; IPv6 pod names use dashes for colons. */
  private static String podIp(String label) {
    String dotted = label.replace('-', '.');
    if (io.netmapper.common.net.IpAddresses.isIpLiteral(dotted)) {
      return io.netmapper.common.net.IpAddresses.canonical(dotted).orElse(null);
    }
    String coloned = label.replace('-', ':');
    return io.netmapper.common.net.IpAddresses.canonical(coloned).orElse(null);
  }
}
