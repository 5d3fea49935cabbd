package io.netmapper.mapper.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Services by name, ClusterIP, node port and load-balancer IP, with their endpoints. */
public final class ServiceIndex {
  private final Map<String, ServiceInfo> byKey = new ConcurrentHashMap<>();
  private final Map<String, String> keyByClusterIp = new ConcurrentHashMap<>();
  private final Map<Integer, String> keyByNodePort = new ConcurrentHashMap<>();
  private final Map<String, String> keyByLoadBalancerIp = new ConcurrentHashMap<>();
  // service key -> slice name -> endpoints of that slice
  private final Map<String, Map<String, List<ServiceEndpoint>>> slices = new ConcurrentHashMap<>();

  void upsert(ServiceInfo svc) {
    ServiceInfo previous = byKey.put(svc.key(), svc);
    if (previous != null) {
      unindex(previous);
    }
    svc.clusterIps().forEach(ip -> keyByClusterIp.put(ip, svc.key()));
    svc.nodePorts().forEach(p -> keyByNodePort.put(p, svc.key()));
    svc.loadBalancerIps().forEach(ip -> keyByLoadBalancerIp.put(ip, svc.key()));
  }

  void delete(ServiceInfo svc) {
    byKey.remove(svc.key());
    unindex(svc);
  }

  private void unindex(ServiceInfo svc) {
    svc.clusterIps().forEach(ip -> keyByClusterIp.remove(ip, svc.key()));
    svc.nodePorts().forEach(p -> keyByNodePort.remove(p, svc.key()));
    svc.loadBalancerIps().forEach(ip -> keyByLoadBalancerIp.remove(ip, svc.key()));
  }

  void upsertSlice(String namespace, String serviceName, String sliceName, List<ServiceEndpoint> endpoints) {
    slices.computeIfAbsent(namespace + "/" + serviceName, k -> new ConcurrentHashMap<>()).put(sliceName, endpoints);
  }

  void deleteSlice(String namespace, String serviceName, String sliceName) {
    Map<String, List<ServiceEndpoint>> bySlice = slices.get(namespace + "/" + serviceName);
    if (bySlice != null) {
      bySlice.remove(sliceName);
    }
  }

  public ServiceInfo byName(String namespace, String name) {
    return byKey.get(namespace + "/" + name);
  }

  public ServiceInfo byClusterIp(String ip) {
    String key = keyByClusterIp.get(ip);
    return key == null ? null : byKey.get(key);
  }

  public ServiceInfo byNodePort(int port) {
    String key = keyByNodePort.get(port);
    return key == null ? null : byKey.get(key);
  }

  public ServiceInfo byLoadBalancerIp(String ip) {
    String key = keyByLoadBalancerIp.get(ip);
    return key == null ? null : byKey.get(key);
  }

  public List<ServiceEndpoint> endpoints(ServiceInfo svc) {
    Map<String, List<ServiceEndpoint>> bySlice = slices.get(svc.key());
    if (bySlice == null) {
      return List.of();
    }
    List<ServiceEndpoint> out = new ArrayList<>();
    bySlice.values().forEach(out::addAll);
    return out;
  }

  public int size() {
    return byKey.size();
  }
}
