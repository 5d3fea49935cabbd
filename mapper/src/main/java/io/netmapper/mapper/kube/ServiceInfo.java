package io.netmapper.mapper.kube;

import java.util.List;
import java.util.Set;

/**
 * What the mapper keeps of a Service.
 *
 * @param clusterIps ClusterIP(s), canonical; empty for headless Services
 * @param nodePorts node ports of NodePort/LoadBalancer Services
 * @param loadBalancerIps ingress IPs of LoadBalancer Services
 * @param key {@code namespace/name}, computed once: it is looked up on every observation
 * @param qualifiedName {@code name.namespace}, as edges remember it
 */
public record ServiceInfo(
    String namespace,
    String name,
    List<String> clusterIps,
    boolean headless,
    Set<Integer> nodePorts,
    List<String> loadBalancerIps,
    String key,
    String qualifiedName) {

  public static ServiceInfo of(
      String namespace,
      String name,
      List<String> clusterIps,
      boolean headless,
      Set<Integer> nodePorts,
      List<String> loadBalancerIps) {
    return new ServiceInfo(
        namespace,
        name,
        clusterIps,
        headless,
        nodePorts,
        loadBalancerIps,
        namespace + "/" + name,
        name + "." + namespace);
  }
}
