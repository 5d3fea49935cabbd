package io.netmapper.cli.policy;

import java.util.Map;
import java.util.Objects;

/** One end of a single connection the evaluator judges: a pod, or a bare address. */
public sealed interface Party permits Party.Pod, Party.Address {

  /**
   * A pod (not hostNetwork): selectable by its labels and its namespace's labels.
   *
   * @param namedPorts container port name → number, for named ports in policies ({@code
   *     protocol/name} → number is not needed: names are unique per pod)
   */
  record Pod(
      String namespace,
      Map<String, String> labels,
      Map<String, String> namespaceLabels,
      Map<String, Integer> namedPorts)
      implements Party {
    public Pod {
      Objects.requireNonNull(namespace, "namespace");
      labels = Map.copyOf(labels);
      namespaceLabels = Map.copyOf(namespaceLabels);
      namedPorts = Map.copyOf(namedPorts);
    }

    /** A pod whose namespace carries only its automatic name label, with no named ports. */
    public static Pod of(String namespace, Map<String, String> labels) {
      return new Pod(
          namespace,
          labels,
          Map.of(NetworkPolicyGenerator.NAMESPACE_NAME_LABEL, namespace),
          Map.of());
    }
  }

  /** An address that is no pod: outside the cluster, a node, a hostNetwork pod. */
  record Address(String ip) implements Party {
    public Address {
      Objects.requireNonNull(ip, "ip");
    }
  }
}
