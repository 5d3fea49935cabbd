package io.netmapper.mapper.resolve;

import io.netmapper.common.net.Cidr;
import java.util.List;

/**
 * @param clusterDomain DNS domain of the cluster, e.g. cluster.local
 * @param clusterCidrs configured pod and Service ranges (node podCIDRs are added from the API)
 * @param clockSkewMillis tolerance between node clocks and API timestamps for IP → pod lookups
 * @param dnsMemoryMillis how long an external name resolved by a client names later connections
 * @param dnsMemoryMaxEntries bound on remembered (client, IP) → name entries
 * @param listenerKeepMillis how long a reported hostNetwork listener is kept without a new report
 */
public record ResolverSettings(
    String clusterDomain,
    List<Cidr> clusterCidrs,
    long clockSkewMillis,
    long dnsMemoryMillis,
    int dnsMemoryMaxEntries,
    long listenerKeepMillis) {

  public ResolverSettings {
    clusterCidrs = List.copyOf(clusterCidrs);
  }
}
