package io.netmapper.testbed.policy;

import java.util.List;
import java.util.Map;

/**
 * What enforcement needs of a (non-hostNetwork) pod.
 *
 * @param namedPorts container port name → protocol and number
 */
public record PodAddresses(
    String namespace,
    String name,
    Map<String, String> labels,
    List<String> ips,
    Map<String, NamedPort> namedPorts) {

  /** A named container port. */
  public record NamedPort(String protocol, int port) {}

  public PodAddresses {
    labels = Map.copyOf(labels);
    ips = List.copyOf(ips);
    namedPorts = Map.copyOf(namedPorts);
  }
}
