package io.netmapper.cli.map;

import java.util.ArrayList;
import java.util.List;

/** Other ways of naming the same map's ends, for list and visualize. */
public final class MapViews {
  private MapViews() {}

  /**
   * {@code --as-kubernetes-service}: a workload server reached through a Service is named by that
   * Service (the first one, {@code name.namespace}), as Otterize's CLI does; others stay as they
   * are.
   */
  public static ServiceMap asKubernetesServices(ServiceMap map) {
    List<Edge> out = new ArrayList<>(map.edges().size());
    for (Edge e : map.edges()) {
      if (e.server() instanceof Endpoint.Workload w && !e.serviceNames().isEmpty()) {
        String svc = e.serviceNames().first();
        int dot = svc.indexOf('.');
        Endpoint server =
            new Endpoint.Workload(
                dot < 0 ? svc : svc.substring(0, dot),
                dot < 0 ? w.namespace() : svc.substring(dot + 1),
                "Service");
        out.add(
            new Edge(
                e.client(),
                server,
                e.ports(),
                e.http(),
                e.kafkaTopics(),
                e.awsActions(),
                e.serviceNames(),
                e.count()));
      } else {
        out.add(e);
      }
    }
    return ServiceMap.of(out);
  }
}
