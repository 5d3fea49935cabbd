package io.netmapper.testbed.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NetworkPolicies → one nftables table for the node's forward path. Every pod-to-pod and
 * pod-to-outside packet is routed by the node, so the forward hook sees it after kube-proxy's DNAT
 * (the pod's address and port, as NetworkPolicy means them). For each isolated pod address a jump
 * into its chain; the chain returns on an allowed match and drops (counted) otherwise. Traffic to
 * and from the node itself (hostNetwork pods, the node's DNS) never takes this path: as Kubernetes
 * says, traffic between a pod and its node is always allowed.
 */
public final class NftPolicyRules {
  public static final String TABLE = "netmapper_policy";

  private NftPolicyRules() {}

  /** An nft script that replaces the table atomically. */
  public static String script(
      List<NetworkPolicy> policies,
      List<PodAddresses> pods,
      Map<String, Map<String, String>> namespaceLabels) {
    StringBuilder chains = new StringBuilder();
    List<String> jumps = new ArrayList<>();
    int n = 0;
    for (PodAddresses pod : pods) {
      for (String direction : List.of("Egress", "Ingress")) {
        List<NetworkPolicy> isolating = isolating(policies, pod, direction);
        if (isolating.isEmpty() || pod.ips().isEmpty()) {
          continue;
        }
        String chain = (direction.equals("Ingress") ? "in_" : "eg_") + n++;
        for (String ip : pod.ips()) {
          jumps.add(
              family(ip)
                  + (direction.equals("Ingress") ? " daddr " : " saddr ")
                  + ip
                  + " jump "
                  + chain);
        }
        chains.append("  chain ").append(chain).append(" {\n");
        chains
            .append("    # ")
            .append(direction.toLowerCase(Locale.ROOT))
            .append(" of ")
            .append(pod.namespace())
            .append('/')
            .append(pod.name())
            .append('\n');
        for (String line : allowLines(isolating, pod, direction, pods, namespaceLabels)) {
          chains.append("    ").append(line).append(line.isEmpty() ? "" : " ").append("return\n");
        }
        chains.append("    counter drop\n  }\n");
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("add table inet ").append(TABLE).append('\n');
    sb.append("delete table inet ").append(TABLE).append('\n');
    sb.append("table inet ").append(TABLE).append(" {\n");
    sb.append("  chain forward {\n");
    sb.append("    type filter hook forward priority 0; policy accept;\n");
    sb.append("    ct state established,related accept\n");
    jumps.forEach(j -> sb.append("    ").append(j).append('\n'));
    sb.append("  }\n");
    sb.append(chains);
    sb.append("}\n");
    return sb.toString();
  }

  private static List<NetworkPolicy> isolating(
      List<NetworkPolicy> policies, PodAddresses pod, String type) {
    List<NetworkPolicy> out = new ArrayList<>();
    for (NetworkPolicy p : policies) {
      if (p.getSpec() == null || !pod.namespace().equals(p.getMetadata().getNamespace())) {
        continue;
      }
      if (!selects(p.getSpec().getPodSelector(), pod.labels())) {
        continue;
      }
      List<String> types = p.getSpec().getPolicyTypes();
      if (types == null || types.isEmpty()) {
        boolean egress = p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty();
        types = egress ? List.of("Ingress", "Egress") : List.of("Ingress");
      }
      if (types.contains(type)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The matches (without verdict) that let a packet through this pod's chain. */
  private static List<String> allowLines(
      List<NetworkPolicy> isolating,
      PodAddresses self,
      String direction,
      List<PodAddresses> pods,
      Map<String, Map<String, String>> namespaceLabels) {
    boolean ingress = direction.equals("Ingress");
    String addressField = ingress ? "saddr" : "daddr";
    List<String> lines = new ArrayList<>();
    for (NetworkPolicy p : isolating) {
      String policyNamespace = p.getMetadata().getNamespace();
      List<List<NetworkPolicyPeer>> peerLists = new ArrayList<>();
      List<List<NetworkPolicyPort>> portLists = new ArrayList<>();
      if (ingress && p.getSpec().getIngress() != null) {
        p.getSpec()
            .getIngress()
            .forEach(
                r -> {
                  peerLists.add(r.getFrom());
                  portLists.add(r.getPorts());
                });
      } else if (!ingress && p.getSpec().getEgress() != null) {
        p.getSpec()
            .getEgress()
            .forEach(
                r -> {
                  peerLists.add(r.getTo());
                  portLists.add(r.getPorts());
                });
      }
      for (int i = 0; i < peerLists.size(); i++) {
        // (address match, pod whose named ports apply) pairs
        List<String> matches = new ArrayList<>();
        List<PodAddresses> portOwners = new ArrayList<>();
        List<NetworkPolicyPeer> peers = peerLists.get(i);
        if (peers == null || peers.isEmpty()) {
          matches.add("");
          portOwners.add(ingress ? self : null);
          if (!ingress) {
            for (PodAddresses other : pods) { // named ports of any destination pod
              for (String ip : other.ips()) {
                matches.add(family(ip) + " daddr " + ip);
                portOwners.add(other);
              }
            }
          }
        } else {
          for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
              matches.add(cidrMatch(peer.getIpBlock(), addressField));
              portOwners.add(ingress ? self : null);
              continue;
            }
            for (PodAddresses other : pods) {
              if (peerSelects(peer, policyNamespace, other, namespaceLabels)) {
                for (String ip : other.ips()) {
                  matches.add(family(ip) + " " + addressField + " " + ip);
                  portOwners.add(ingress ? self : other);
                }
              }
            }
          }
        }
        for (int m = 0; m < matches.size(); m++) {
          for (String port : portMatches(portLists.get(i), portOwners.get(m))) {
            lines.add((matches.get(m) + " " + port).trim());
          }
        }
      }
    }
    return lines.stream().distinct().toList();
  }

  private static String cidrMatch(IPBlock block, String field) {
    String fam = family(block.getCidr());
    StringBuilder sb = new StringBuilder(fam + " " + field + " " + block.getCidr());
    List<String> except =
        block.getExcept() == null
            ? List.of()
            : block.getExcept().stream().filter(e -> family(e).equals(fam)).toList();
    if (!except.isEmpty()) {
      sb.append(' ')
          .append(fam)
          .append(' ')
          .append(field)
          .append(" != { ")
          .append(String.join(", ", except))
          .append(" }");
    }
    return sb.toString();
  }

  /**
   * nft matches for a port list; {@code ""} matches every port. A named port resolves against the
   * owner pod; with no owner (an ipBlock destination) it matches nothing.
   */
  private static List<String> portMatches(List<NetworkPolicyPort> ports, PodAddresses owner) {
    if (ports == null || ports.isEmpty()) {
      return List.of("");
    }
    List<String> out = new ArrayList<>();
    for (NetworkPolicyPort p : ports) {
      String proto = (p.getProtocol() == null ? "TCP" : p.getProtocol()).toLowerCase(Locale.ROOT);
      IntOrString port = p.getPort();
      if (port == null) {
        out.add("meta l4proto " + proto);
      } else if (port.getIntVal() != null) {
        out.add(
            proto
                + " dport "
                + port.getIntVal()
                + (p.getEndPort() != null ? "-" + p.getEndPort() : ""));
      } else if (owner != null) {
        PodAddresses.NamedPort named = owner.namedPorts().get(port.getStrVal());
        if (named != null && named.protocol().equalsIgnoreCase(proto)) {
          out.add(proto + " dport " + named.port());
        }
      }
    }
    return out;
  }

  private static boolean peerSelects(
      NetworkPolicyPeer peer,
      String policyNamespace,
      PodAddresses pod,
      Map<String, Map<String, String>> namespaceLabels) {
    if (peer.getNamespaceSelector() == null && peer.getPodSelector() == null) {
      return false;
    }
    boolean inNamespace =
        peer.getNamespaceSelector() == null
            ? pod.namespace().equals(policyNamespace)
            : selects(
                peer.getNamespaceSelector(),
                namespaceLabels.getOrDefault(
                    pod.namespace(), Map.of("kubernetes.io/metadata.name", pod.namespace())));
    return inNamespace
        && (peer.getPodSelector() == null || selects(peer.getPodSelector(), pod.labels()));
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null
        && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> v != null && values.contains(v);
              case "NotIn" -> v == null || !values.contains(v);
              case "Exists" -> v != null;
              case "DoesNotExist" -> v == null;
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  static String family(String addressOrCidr) {
    return addressOrCidr.contains(":") ? "ip6" : "ip";
  }
}
