package io.netmapper.cli.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netmapper.common.net.Cidr;
import io.netmapper.common.net.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether NetworkPolicies allow one connection, with the semantics of {@code
 * networking.k8s.io/v1}: a pod is isolated for a direction when some policy in its namespace
 * selects it and has that policy type; an isolated pod accepts what the union of those policies'
 * rules allows (rules are additive, nothing denies); a connection needs both the sender's egress
 * and the receiver's ingress. Peers: podSelector (the policy's namespace), namespaceSelector (any
 * pod in matching namespaces), both (pods matching in matching namespaces), ipBlock with except
 * (bare addresses only: pod addresses are not judged by ipBlock here, see docs/policies.md). Ports:
 * numbered, named (the receiving pod's container port name), ranges with endPort, protocol default
 * TCP. hostNetwork pods and outside addresses are never isolated.
 */
public final class PolicyEvaluator {
  /** Outcome for one connection; {@code reason} says which side blocked it, or why it passed. */
  public record Verdict(boolean allowed, String reason) {}

  private final List<NetworkPolicy> policies;

  public PolicyEvaluator(List<NetworkPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  public Verdict evaluate(Party from, Party to, String protocol, int port) {
    if (from instanceof Party.Pod pod) {
      List<NetworkPolicy> isolating = isolating(pod, "Egress");
      if (!isolating.isEmpty() && !egressAllows(isolating, pod, to, protocol, port)) {
        return new Verdict(false, "egress of the client: no rule of " + names(isolating));
      }
    }
    if (to instanceof Party.Pod pod) {
      List<NetworkPolicy> isolating = isolating(pod, "Ingress");
      if (!isolating.isEmpty() && !ingressAllows(isolating, pod, from, protocol, port)) {
        return new Verdict(false, "ingress of the server: no rule of " + names(isolating));
      }
    }
    return new Verdict(true, "allowed");
  }

  private static String names(List<NetworkPolicy> ps) {
    List<String> out = new ArrayList<>();
    ps.forEach(p -> out.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()));
    return String.join(", ", out) + " allows it";
  }

  /** Policies in the pod's namespace that select it and have this policy type. */
  private List<NetworkPolicy> isolating(Party.Pod pod, String type) {
    List<NetworkPolicy> out = new ArrayList<>();
    for (NetworkPolicy p : policies) {
      NetworkPolicySpec spec = p.getSpec();
      if (spec == null
          || !pod.namespace().equals(namespaceOf(p))
          || !matches(spec.getPodSelector(), pod.labels())) {
        continue;
      }
      if (policyTypes(spec).contains(type)) {
        out.add(p);
      }
    }
    return out;
  }

  private static String namespaceOf(NetworkPolicy p) {
    String ns = p.getMetadata() == null ? null : p.getMetadata().getNamespace();
    return ns == null ? "default" : ns;
  }

  /** Default: Ingress always, Egress when the policy has egress rules. */
  static List<String> policyTypes(NetworkPolicySpec spec) {
    if (spec.getPolicyTypes() != null && !spec.getPolicyTypes().isEmpty()) {
      return spec.getPolicyTypes();
    }
    return spec.getEgress() != null && !spec.getEgress().isEmpty()
        ? List.of("Ingress", "Egress")
        : List.of("Ingress");
  }

  private boolean ingressAllows(
      List<NetworkPolicy> isolating, Party.Pod self, Party from, String protocol, int port) {
    for (NetworkPolicy p : isolating) {
      if (p.getSpec().getIngress() == null) {
        continue;
      }
      for (var rule : p.getSpec().getIngress()) {
        if (peersMatch(rule.getFrom(), namespaceOf(p), from)
            && portsMatch(rule.getPorts(), self, protocol, port)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean egressAllows(
      List<NetworkPolicy> isolating, Party.Pod self, Party to, String protocol, int port) {
    for (NetworkPolicy p : isolating) {
      if (p.getSpec().getEgress() == null) {
        continue;
      }
      for (var rule : p.getSpec().getEgress()) {
        if (peersMatch(rule.getTo(), namespaceOf(p), to)
            && portsMatch(rule.getPorts(), to instanceof Party.Pod d ? d : null, protocol, port)) {
          return true;
        }
      }
    }
    return false;
  }

  /** An empty or missing peer list matches everything. */
  private static boolean peersMatch(
      List<NetworkPolicyPeer> peers, String policyNamespace, Party other) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPeer peer : peers) {
      if (peerMatches(peer, policyNamespace, other)) {
        return true;
      }
    }
    return false;
  }

  static boolean peerMatches(NetworkPolicyPeer peer, String policyNamespace, Party other) {
    if (peer.getIpBlock() != null) {
      return other instanceof Party.Address a && inBlock(peer.getIpBlock(), a.ip());
    }
    if (!(other instanceof Party.Pod pod)) {
      return false; // selectors select pods only
    }
    if (peer.getNamespaceSelector() == null && peer.getPodSelector() == null) {
      return false; // an empty peer is invalid; the API server rejects it
    }
    boolean namespaceOk =
        peer.getNamespaceSelector() == null
            ? pod.namespace().equals(policyNamespace)
            : matches(peer.getNamespaceSelector(), pod.namespaceLabels());
    boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
    return namespaceOk && podOk;
  }

  static boolean inBlock(IPBlock block, String ip) {
    byte[] address = IpAddresses.parse(ip);
    if (address == null || !Cidr.parse(block.getCidr()).contains(address)) {
      return false;
    }
    if (block.getExcept() != null) {
      for (String except : block.getExcept()) {
        if (Cidr.parse(except).contains(address)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * An empty or missing port list matches every port. A named port is the receiving pod's container
   * port of that name; it never matches an address that is no pod.
   */
  static boolean portsMatch(
      List<NetworkPolicyPort> ports, Party.Pod receiver, String protocol, int port) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : ports) {
      String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (!proto.equalsIgnoreCase(protocol)) {
        continue;
      }
      IntOrString value = p.getPort();
      if (value == null) {
        return true; // all ports of that protocol
      }
      if (value.getIntVal() != null) {
        int from = value.getIntVal();
        int to = p.getEndPort() != null ? p.getEndPort() : from;
        if (port >= from && port <= to) {
          return true;
        }
      } else if (receiver != null) {
        Integer named = receiver.namedPorts().get(value.getStrVal());
        if (named != null && named == port) {
          return true;
        }
      }
    }
    return false;
  }

  /** Label selector semantics: matchLabels AND every matchExpressions; empty selects all. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> value != null && values.contains(value);
              case "NotIn" -> value == null || !values.contains(value);
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
