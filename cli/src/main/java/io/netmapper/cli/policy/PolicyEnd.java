package io.netmapper.cli.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One end of an observed flow, as far as NetworkPolicies are concerned. */
public sealed interface PolicyEnd
    permits PolicyEnd.Pods,
        PolicyEnd.Host,
        PolicyEnd.ApiServer,
        PolicyEnd.Outside,
        PolicyEnd.Other {

  /** Stable identity and sort key. */
  String key();

  /** A workload whose pods have their own addresses: selectable by labels. */
  record Pods(String namespace, String name, String kind, Map<String, String> labels)
      implements PolicyEnd {
    public Pods {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      kind = kind == null ? "" : kind;
      labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    @Override
    public String key() {
      return "0:" + namespace + "/" + name;
    }
  }

  /** A hostNetwork workload: its pods use node addresses and no selector can select them. */
  record Host(String namespace, String name, List<String> addresses) implements PolicyEnd {
    public Host {
      addresses = addresses.stream().sorted().distinct().toList();
    }

    @Override
    public String key() {
      return "1:" + namespace + "/" + name;
    }
  }

  /** The Kubernetes API server, by its endpoint addresses (empty when unknown). */
  record ApiServer(List<String> addresses) implements PolicyEnd {
    public ApiServer {
      addresses = addresses.stream().sorted().distinct().toList();
    }

    @Override
    public String key() {
      return "2:apiserver";
    }
  }

  /** Outside the cluster: observed addresses and the names used for them. */
  record Outside(List<String> domains, List<String> ips) implements PolicyEnd {
    public Outside {
      domains = domains.stream().sorted().distinct().toList();
      ips = ips.stream().sorted().distinct().toList();
    }

    @Override
    public String key() {
      return "3:" + String.join(",", domains) + "|" + String.join(",", ips);
    }
  }

  /** Something NetworkPolicies do not speak about (an AWS resource, an unknown peer). */
  record Other(String description) implements PolicyEnd {
    @Override
    public String key() {
      return "4:" + description;
    }
  }

  /** How a person names it in output. */
  static String display(PolicyEnd end) {
    if (end instanceof Pods p) {
      return p.name() + "." + p.namespace();
    }
    if (end instanceof Host h) {
      return h.name() + "." + h.namespace() + " (hostNetwork)";
    }
    if (end instanceof ApiServer) {
      return "kubernetes.default (API server)";
    }
    if (end instanceof Outside o) {
      return o.domains().isEmpty() ? String.join(",", o.ips()) : String.join(",", o.domains());
    }
    return ((Other) end).description();
  }
}
