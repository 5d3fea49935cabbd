package io.netmapper.cli.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import io.netmapper.common.net.IpAddresses;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Observed flows → {@code networking.k8s.io/v1} NetworkPolicies. Per server workload one ingress
 * policy (from each observed client, on the observed target ports); per client workload one egress
 * policy (to each observed server, the cluster DNS, the API server and Internet addresses). Output
 * is sorted and named stably, so a re-export diffs cleanly.
 */
public final class NetworkPolicyGenerator {
  /** Label on every generated object, so they can be listed and removed together. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /**
   * @param egress also generate egress policies
   * @param defaultDeny add one deny-all policy per namespace covered
   * @param dnsNamespace namespace of the cluster DNS pods
   * @param dnsLabels labels selecting the cluster DNS pods
   */
  public record Options(
      boolean egress, boolean defaultDeny, String dnsNamespace, Map<String, String> dnsLabels) {
    public static Options defaults() {
      return new Options(true, false, "kube-system", Map.of("k8s-app", "kube-dns"));
    }
  }

  /**
   * @param policies sorted by namespace, then name
   * @param comments per policy ({@code namespace/name}): lines to print above it
   * @param warnings what could not be expressed, for the user
   */
  public record Result(
      List<NetworkPolicy> policies, Map<String, List<String>> comments, List<String> warnings) {}

  private final Options options;

  public NetworkPolicyGenerator(Options options) {
    this.options = options;
  }

  public Result generate(Collection<Flow> flows) {
    List<String> warnings = new ArrayList<>();
    // server key -> (client key -> flow), client key -> (server key -> flow): sorted, merged
    TreeMap<String, PolicyEnd> ends = new TreeMap<>();
    TreeMap<String, TreeMap<String, TreeSet<Integer>>> inbound = new TreeMap<>();
    TreeMap<String, TreeMap<String, TreeSet<Integer>>> outbound = new TreeMap<>();
    for (Flow f : flows) {
      ends.put(f.client().key(), f.client());
      ends.put(f.server().key(), f.server());
      inbound
          .computeIfAbsent(f.server().key(), k -> new TreeMap<>())
          .computeIfAbsent(f.client().key(), k -> new TreeSet<>())
          .addAll(f.ports());
      outbound
          .computeIfAbsent(f.client().key(), k -> new TreeMap<>())
          .computeIfAbsent(f.server().key(), k -> new TreeSet<>())
          .addAll(f.ports());
    }
    TreeMap<String, NetworkPolicy> out = new TreeMap<>();
    TreeMap<String, List<String>> comments = new TreeMap<>();
    TreeSet<String> namespaces = new TreeSet<>();
    TreeSet<String> warned = new TreeSet<>();
    for (var e : inbound.entrySet()) {
      PolicyEnd server = ends.get(e.getKey());
      if (server instanceof PolicyEnd.Host h) {
        warn(warnings, warned, notSelectable(h, "ingress"));
        continue;
      }
      if (!(server instanceof PolicyEnd.Pods pods)) {
        continue;
      }
      SortedMap<String, String> selector = StableLabels.of(pods.labels());
      if (selector.isEmpty()) {
        warn(warnings, warned, noLabels(pods));
        continue;
      }
      List<String> notes = new ArrayList<>();
      List<NetworkPolicyIngressRule> rules = new ArrayList<>();
      for (var c : e.getValue().entrySet()) {
        PolicyEnd client = ends.get(c.getKey());
        List<NetworkPolicyPeer> peers = peers(client, pods.namespace(), notes, warnings, warned);
        if (peers.isEmpty()) {
          continue;
        }
        rules.add(
            new NetworkPolicyIngressRuleBuilder()
                .withFrom(peers)
                .withPorts(ports(c.getValue(), "TCP"))
                .build());
      }
      String key = put(out, pods, "ingress", spec(selector, "Ingress").withIngress(rules).build());
      if (!notes.isEmpty()) {
        comments.put(key, notes);
      }
      namespaces.add(pods.namespace());
    }
    if (options.egress()) {
      for (var e : outbound.entrySet()) {
        PolicyEnd client = ends.get(e.getKey());
        if (client instanceof PolicyEnd.Host h) {
          warn(warnings, warned, notSelectable(h, "egress"));
          continue;
        }
        if (!(client instanceof PolicyEnd.Pods pods)) {
          continue;
        }
        SortedMap<String, String> selector = StableLabels.of(pods.labels());
        if (selector.isEmpty()) {
          warn(warnings, warned, noLabels(pods));
          continue;
        }
        List<String> notes = new ArrayList<>();
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(dnsRule());
        for (var s : e.getValue().entrySet()) {
          PolicyEnd server = ends.get(s.getKey());
          List<NetworkPolicyPeer> peers = peers(server, pods.namespace(), notes, warnings, warned);
          if (peers.isEmpty()) {
            continue;
          }
          rules.add(
              new NetworkPolicyEgressRuleBuilder()
                  .withTo(peers)
                  .withPorts(ports(s.getValue(), "TCP"))
                  .build());
        }
        String key = put(out, pods, "egress", spec(selector, "Egress").withEgress(rules).build());
        if (!notes.isEmpty()) {
          comments.put(key, notes);
        }
        namespaces.add(pods.namespace());
      }
    }
    if (options.defaultDeny()) {
      for (String ns : namespaces) {
        String name = "netmapper-default-deny";
        out.put(
            ns + "/" + name,
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(Map.of(MANAGED_BY, "netmapper"))
                .endMetadata()
                .withNewSpec()
                .withPodSelector(new LabelSelector())
                .withPolicyTypes(
                    options.egress() ? List.of("Ingress", "Egress") : List.of("Ingress"))
                .endSpec()
                .build());
      }
    }
    return new Result(List.copyOf(out.values()), comments, List.copyOf(warnings));
  }

  /** One workload's policy for one direction, named after the workload; returns its key. */
  private static String put(
      Map<String, NetworkPolicy> out,
      PolicyEnd.Pods pods,
      String direction,
      NetworkPolicySpec spec) {
    String name = "netmapper-" + pods.name() + "-" + direction;
    out.put(
        pods.namespace() + "/" + name,
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(pods.namespace())
            .withLabels(Map.of(MANAGED_BY, "netmapper"))
            .endMetadata()
            .withSpec(spec)
            .build());
    return pods.namespace() + "/" + name;
  }

  private static NetworkPolicySpecBuilder spec(SortedMap<String, String> selector, String type) {
    return new NetworkPolicySpecBuilder()
        .withPodSelector(matchLabels(selector))
        .withPolicyTypes(type);
  }

  private static String notSelectable(PolicyEnd.Host h, String direction) {
    return "hostNetwork workload "
        + h.name()
        + "."
        + h.namespace()
        + " cannot be selected by a NetworkPolicy: its "
        + direction
        + " is not restricted";
  }

  private static String noLabels(PolicyEnd.Pods pods) {
    return "workload "
        + pods.name()
        + "."
        + pods.namespace()
        + " has no stable pod labels to select it: no policy generated for it";
  }

  private static void warn(List<String> warnings, TreeSet<String> warned, String message) {
    if (warned.add(message)) {
      warnings.add(message);
    }
  }

  /** The peers that stand for {@code end} in a rule of a policy in {@code policyNamespace}. */
  private List<NetworkPolicyPeer> peers(
      PolicyEnd end,
      String policyNamespace,
      List<String> notes,
      List<String> warnings,
      TreeSet<String> warned) {
    List<NetworkPolicyPeer> out = new ArrayList<>();
    if (end instanceof PolicyEnd.Pods p) {
      SortedMap<String, String> labels = StableLabels.of(p.labels());
      if (labels.isEmpty()) {
        // cannot single it out: every pod of its namespace, so the observed traffic still flows
        notes.add(
            p.name()
                + "."
                + p.namespace()
                + " has no stable labels: all pods of namespace "
                + p.namespace()
                + " stand for it");
      }
      out.add(
          new NetworkPolicyPeerBuilder()
              .withNamespaceSelector(matchLabels(Map.of(NAMESPACE_NAME_LABEL, p.namespace())))
              .withPodSelector(matchLabels(labels))
              .build());
    } else if (end instanceof PolicyEnd.Host h) {
      if (h.addresses().isEmpty()) {
        warn(
            warnings,
            warned,
            "hostNetwork workload "
                + h.name()
                + "."
                + h.namespace()
                + ": node addresses unknown, flows with it are not expressed");
      } else {
        notes.add(
            "hostNetwork workload "
                + h.name()
                + "."
                + h.namespace()
                + " cannot be selected: its node addresses "
                + String.join(", ", h.addresses())
                + " stand for it");
        h.addresses().forEach(a -> out.add(ipBlock(a)));
      }
    } else if (end instanceof PolicyEnd.ApiServer a) {
      if (a.addresses().isEmpty()) {
        warn(
            warnings,
            warned,
            "the API server's endpoint addresses are unknown: egress to it is not expressed");
      } else {
        notes.add("the API server: its endpoint addresses " + String.join(", ", a.addresses()));
        a.addresses().forEach(ip -> out.add(ipBlock(ip)));
      }
    } else if (end instanceof PolicyEnd.Outside o) {
      if (o.ips().isEmpty()) {
        warn(
            warnings,
            warned,
            "Internet target "
                + String.join(",", o.domains())
                + " has no observed address; FQDN egress cannot be expressed");
      } else {
        if (!o.domains().isEmpty()) {
          notes.add(
              "Internet target "
                  + String.join(", ", o.domains())
                  + ": observed addresses "
                  + String.join(", ", o.ips())
                  + " (a NetworkPolicy cannot name a domain)");
        }
        o.ips().forEach(ip -> out.add(ipBlock(ip)));
      }
    } else {
      warn(
          warnings,
          warned,
          PolicyEnd.display(end) + " is not expressible in a NetworkPolicy; left out");
    }
    return out;
  }

  private NetworkPolicyEgressRule dnsRule() {
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(
            new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(
                    matchLabels(Map.of(NAMESPACE_NAME_LABEL, options.dnsNamespace())))
                .withPodSelector(matchLabels(options.dnsLabels()))
                .build())
        .withPorts(port("UDP", 53), port("TCP", 53))
        .build();
  }

  static NetworkPolicyPeer ipBlock(String ip) {
    String cidr = ip + (IpAddresses.parse(ip).length == 4 ? "/32" : "/128");
    return new NetworkPolicyPeerBuilder()
        .withIpBlock(new IPBlockBuilder().withCidr(cidr).build())
        .build();
  }

  private static List<NetworkPolicyPort> ports(SortedSet<Integer> ports, String protocol) {
    return ports.stream().map(p -> port(protocol, p)).toList();
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }

  private static LabelSelector matchLabels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(labels)).build();
  }
}
