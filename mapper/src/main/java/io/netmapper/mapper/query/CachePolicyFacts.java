package io.netmapper.mapper.query;

import io.netmapper.mapper.kube.KubeCache;
import io.netmapper.mapper.kube.PodInfo;
import io.netmapper.mapper.kube.ServiceEndpoint;
import io.netmapper.mapper.kube.ServiceInfo;
import io.netmapper.mapper.store.IntentView;
import io.netmapper.mapper.store.Peer;
import io.netmapper.mapper.store.Workload;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link PolicyFacts} from the Kubernetes cache. Service ports are translated through the ports of
 * the Service's EndpointSlices (which carry target ports): an observed port that a backing pod
 * declares or an endpoint names is kept; otherwise it was a Service port, and it becomes the
 * endpoint port when there is exactly one, or every endpoint port when there are several (a policy
 * then allows a little more than was seen rather than breaking what was seen).
 */
public final class CachePolicyFacts implements PolicyFacts {
  private final KubeCache cache;

  public CachePolicyFacts(KubeCache cache) {
    this.cache = cache;
  }

  @Override
  public List<Integer> targetPorts(IntentView edge) {
    TreeSet<Integer> out = new TreeSet<>();
    if (edge.server() instanceof Peer.ApiServer) {
      ServiceInfo api = cache.services().byName("default", "kubernetes");
      TreeSet<Integer> endpointPorts = new TreeSet<>();
      if (api != null) {
        cache.services().endpoints(api).forEach(ep -> endpointPorts.addAll(ep.ports()));
      }
      translate(edge.ports(), endpointPorts, Set.of(), out);
      return List.copyOf(out);
    }
    if (!(edge.server() instanceof Peer.WorkloadPeer w) || edge.serviceNames().isEmpty()) {
      for (int p : edge.ports()) {
        out.add(p);
      }
      return List.copyOf(out);
    }
    TreeSet<Integer> endpointPorts = new TreeSet<>();
    for (String qualified : edge.serviceNames()) {
      int dot = qualified.lastIndexOf('.');
      ServiceInfo svc =
          dot < 0
              ? null
              : cache.services().byName(qualified.substring(dot + 1), qualified.substring(0, dot));
      if (svc != null) {
        cache.services().endpoints(svc).forEach(ep -> endpointPorts.addAll(ep.ports()));
      }
    }
    TreeSet<Integer> declared = new TreeSet<>();
    podsOf(w.workload()).forEach(p -> declared.addAll(p.declaredPorts()));
    // a slice without ports (hand-made objects): the pods' declared ports are the candidates
    translate(edge.ports(), endpointPorts.isEmpty() ? declared : endpointPorts, declared, out);
    return List.copyOf(out);
  }

  private static void translate(
      int[] observed, Set<Integer> endpointPorts, Set<Integer> declared, TreeSet<Integer> out) {
    for (int p : observed) {
      if (endpointPorts.isEmpty() || endpointPorts.contains(p) || declared.contains(p)) {
        out.add(p);
      } else {
        out.addAll(endpointPorts);
      }
    }
  }

  @Override
  public List<String> hostNetworkAddresses(Workload workload) {
    TreeSet<String> out = new TreeSet<>();
    for (PodInfo p : podsOf(workload)) {
      if (p.hostNetwork()) {
        out.addAll(p.ips());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<String> apiServerAddresses() {
    ServiceInfo api = cache.services().byName("default", "kubernetes");
    if (api == null) {
      return List.of();
    }
    return cache.services().endpoints(api).stream()
        .map(ServiceEndpoint::ip)
        .distinct()
        .sorted()
        .toList();
  }

  private List<PodInfo> podsOf(Workload workload) {
    return cache.pods().inNamespace(workload.namespace()).stream()
        .map(uid -> cache.pods().byUid(uid))
        .filter(p -> p != null && workload.equals(cache.owners().workloadOf(p)))
        .toList();
  }
}
