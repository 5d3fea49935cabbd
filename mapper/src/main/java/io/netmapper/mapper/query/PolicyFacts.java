package io.netmapper.mapper.query;

import io.netmapper.mapper.store.IntentView;
import io.netmapper.mapper.store.Workload;
import java.util.List;

/**
 * What NetworkPolicy generation needs beyond an edge, read from the mapper's current view of the
 * cluster when a query asks for all labels: the ports on the server's pods (a policy matches the
 * pod's port, not the Service port), node addresses of hostNetwork workloads (which no selector can
 * select) and the API server's endpoint addresses.
 */
public interface PolicyFacts {
  /** No cluster knowledge: ports stay as observed, nothing is hostNetwork. */
  PolicyFacts NONE =
      new PolicyFacts() {
        @Override
        public List<Integer> targetPorts(IntentView edge) {
          return java.util.Arrays.stream(edge.ports()).boxed().toList();
        }

        @Override
        public List<String> hostNetworkAddresses(Workload workload) {
          return List.of();
        }

        @Override
        public List<String> apiServerAddresses() {
          return List.of();
        }
      };

  /** Ports the server's pods listen on for this edge, sorted. */
  List<Integer> targetPorts(IntentView edge);

  /** Node addresses of a hostNetwork workload's pods; empty when it is not hostNetwork. */
  List<String> hostNetworkAddresses(Workload workload);

  /** Endpoint addresses of the API server (default/kubernetes). */
  List<String> apiServerAddresses();
}
