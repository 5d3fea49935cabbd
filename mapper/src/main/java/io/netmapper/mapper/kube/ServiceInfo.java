package io.netmapper.mapper.kube;

import java.util.List;
import java.util.Set;

/**
 * What the mapper keeps of a Service.
 *
 * @param clusterIps      ClusterIP(s), canonical; empty for headless Services
 * @param nodePorts       node ports of NodePort/LoadBalancer Services
 * @param loadBalancerIps ingress IPs of LoadBalancer Services
 */
public record ServiceInfo(
    String namespace,
    String name,
    List<String> clusterIps,
    boolean headless,
    Set<Integer> nodePorts,
    List<String> loadBalancerIps) {

  public String key() {
    return namespace + "/" + name;
  }

  /** {@code name.namespace}, as edges remember it. */
  public String qualifiedName() {
    return name + "." + namespace;
  }
}
