package io.netmapper.mapper.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Services by name, ClusterIP, node port and load-balancer IP, with their endpoints. */
public final class ServiceIndex {
  private static final String API_SERVER_KEY = "default/kubernetes";
  private final Map<String, ServiceInfo> byKey = new ConcurrentHashMap<>();
  private final Map<String, String> keyByClusterIp = new ConcurrentHashMap<>();
  private final Map<Integer, String> keyByNodePort = new ConcurrentHashMap<>();
  private final Map<String, String> keyByLoadBalancerIp = new ConcurrentHashMap<>();
  // service key -> slice name -> endpoints of that slice
  private final Map<String, Map<String, List<ServiceEndpoint>>> slices = new ConcurrentHashMap<>();
  // service key -> all its endpoints; read on every observation, so merged when slices change
  private final Map<String, List<ServiceEndpoint>> merged = new ConcurrentHashMap<>();
  // the API server: its ClusterIPs (any port) and endpoint addresses (only their ports, since an
  // endpoint is often a node address that serves other things too)
  private volatile Set<String> apiServerAnyPort = Set.of();
  private volatile Map<String, Set<Integer>> apiServerEndpointPorts = Map.of();

  void upsert(ServiceInfo svc) {
    ServiceInfo previous = byKey.put(svc.key(), svc);
    if (previous != null) {
      unindex(previous);
    }
    svc.clusterIps().forEach(ip -> keyByClusterIp.put(ip, svc.key()));
    svc.nodePorts().forEach(p -> keyByNodePort.put(p, svc.key()));
    svc.loadBalancerIps().forEach(ip -> keyByLoadBalancerIp.put(ip, svc.key()));
    recomputeApiServer(svc.key());
  }

  void delete(ServiceInfo svc) {
    byKey.remove(svc.key());
    unindex(svc);
    recomputeApiServer(svc.key());
  }

  private void unindex(ServiceInfo svc) {
    svc.clusterIps().forEach(ip -> keyByClusterIp.remove(ip, svc.key()));
    svc.nodePorts().forEach(p -> keyByNodePort.remove(p, svc.key()));
    svc.loadBalancerIps().forEach(ip -> keyByLoadBalancerIp.remove(ip, svc.key()));
  }

  void upsertSlice(
      String namespace, String serviceName, String sliceName, List<ServiceEndpoint> endpoints) {
    String key = namespace + "/" + serviceName;
    Map<String, List<ServiceEndpoint>> bySlice =
        slices.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    bySlice.put(sliceName, endpoints);
    merge(key, bySlice);
  }

  private void merge(String key, Map<String, List<ServiceEndpoint>> bySlice) {
    List<ServiceEndpoint> all = new ArrayList<>();
    bySlice.values().forEach(all::addAll);
    merged.put(key, List.copyOf(all));
    recomputeApiServer(key);
  }

  private void recomputeApiServer(String key) {
    if (!API_SERVER_KEY.equals(key)) {
      return;
    }
    Set<String> anyPort = new java.util.HashSet<>();
    Map<String, Set<Integer>> endpointPorts = new java.util.HashMap<>();
    ServiceInfo api = byKey.get(API_SERVER_KEY);
    if (api != null) {
      anyPort.addAll(api.clusterIps());
    }
    for (ServiceEndpoint ep : merged.getOrDefault(API_SERVER_KEY, List.of())) {
      if (ep.ports().isEmpty()) {
        anyPort.add(ep.ip());
      } else {
        endpointPorts.computeIfAbsent(ep.ip(), k -> new java.util.HashSet<>()).addAll(ep.ports());
      }
    }
    apiServerAnyPort = Set.copyOf(anyPort);
    apiServerEndpointPorts = Map.copyOf(endpointPorts);
  }

  void deleteSlice(String namespace, String serviceName, String sliceName) {
    Map<String, List<ServiceEndpoint>> bySlice = slices.get(namespace + "/" + serviceName);
    if (bySlice != null) {
      bySlice.remove(sliceName);
      merge(namespace + "/" + serviceName, bySlice);
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
    return merged.getOrDefault(svc.key(), List.of());
  }

  /**
   * The ClusterIP(s) of default/kubernetes, and its endpoint addresses on their ports: the API
   * server.
   */
  public boolean isApiServerAddress(String ip, int port) {
    if (apiServerAnyPort.contains(ip)) {
      return true;
    }
    Set<Integer> ports = apiServerEndpointPorts.get(ip);
    return ports != null && ports.contains(port);
  }

  /** The API server's Service (default/kubernetes). */
  public static boolean isApiServer(ServiceInfo svc) {
    return API_SERVER_KEY.equals(svc.key());
  }

  public int size() {
    return byKey.size();
  }
}
