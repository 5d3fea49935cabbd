package io.netmapper.cli.map;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The map as the CLI presents it: merged, sorted edges grouped by client. */
public final class ServiceMap {
  /** Workloads by name then namespace (as Otterize's CLI sorts), then the other kinds by rank. */
  public static final Comparator<Endpoint> ENDPOINT_ORDER =
      Comparator.comparingInt(Endpoint::rank)
          .thenComparing(e -> e instanceof Endpoint.Workload w ? w.name() : "")
          .thenComparing(Endpoint::key);

  private final List<Edge> edges;

  private ServiceMap(List<Edge> edges) {
    this.edges = List.copyOf(edges);
  }

  /** Merges edges with the same client and server, then sorts by client and server. */
  public static ServiceMap of(Collection<Edge> input) {
    Map<String, Edge> merged = new LinkedHashMap<>();
    for (Edge e : input) {
      merged.merge(e.key(), e, Edge::merge);
    }
    List<Edge> sorted = new ArrayList<>(merged.values());
    sorted.sort(
        Comparator.comparing(Edge::client, ENDPOINT_ORDER)
            .thenComparing(Edge::server, ENDPOINT_ORDER));
    return new ServiceMap(sorted);
  }

  public List<Edge> edges() {
    return edges;
  }

  public boolean isEmpty() {
    return edges.isEmpty();
  }

  /** Edges grouped by client, in client order; each group keeps server order. */
  public Map<Endpoint, List<Edge>> byClient() {
    Map<Endpoint, List<Edge>> out = new LinkedHashMap<>();
    for (Edge e : edges) {
      out.computeIfAbsent(e.client(), c -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /**
   * Drops clients and workload servers named in {@code services}; an entry matches a workload by
   * {@code name} or by {@code name.namespace} (Otterize's {@code --exclude-services}).
   */
  public ServiceMap withoutServices(Set<String> services) {
    if (services.isEmpty()) {
      return this;
    }
    List<Edge> kept =
        edges.stream()
            .filter(e -> !excluded(e.client(), services) && !excluded(e.server(), services))
            .toList();
    return new ServiceMap(kept);
  }

  private static boolean excluded(Endpoint endpoint, Set<String> services) {
    return endpoint instanceof Endpoint.Workload w
        && (services.contains(w.name()) || services.contains(w.key()));
  }
}
