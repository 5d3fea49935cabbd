package io.netmapper.mapper.kube;

import java.util.Set;

/**
 * One address behind a Service, from an EndpointSlice; podName is null when not a pod.
 *
 * @param ports the slice's ports; empty when it names none
 */
public record ServiceEndpoint(String ip, String podName, String podNamespace, Set<Integer> ports) {
  public ServiceEndpoint {
    ports = ports == null ? Set.of() : Set.copyOf(ports);
  }
}
