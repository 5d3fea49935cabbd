package io.netmapper.cli.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs every observed flow through a {@link PolicyEvaluator}: each port, and for ends known only by
 * addresses (hostNetwork workloads, the API server, Internet targets) each address. A flow is
 * blocked when any of its connections is.
 */
public final class FlowCheck {
  /**
   * @param evaluated false when an end cannot be judged (no address known, not a network peer)
   */
  public record FlowVerdict(Flow flow, boolean evaluated, boolean allowed, List<String> blocked) {}

  private final PolicyEvaluator evaluator;
  private final Function<String, Map<String, String>> namespaceLabels;

  /**
   * @param namespaceLabels labels of a namespace (at least {@code kubernetes.io/metadata.name})
   */
  public FlowCheck(
      PolicyEvaluator evaluator, Function<String, Map<String, String>> namespaceLabels) {
    this.evaluator = evaluator;
    this.namespaceLabels = namespaceLabels;
  }

  /** Only the automatic {@code kubernetes.io/metadata.name} label on each namespace. */
  public static Map<String, String> automaticLabels(String namespace) {
    return Map.of(NetworkPolicyGenerator.NAMESPACE_NAME_LABEL, namespace);
  }

  public List<FlowVerdict> check(List<Flow> flows) {
    List<FlowVerdict> out = new ArrayList<>();
    for (Flow f : flows) {
      List<Party> from = parties(f.client());
      List<Party> to = parties(f.server());
      if (from.isEmpty() || to.isEmpty() || f.ports().isEmpty()) {
        out.add(new FlowVerdict(f, false, true, List.of()));
        continue;
      }
      List<String> blocked = new ArrayList<>();
      for (int port : f.ports()) {
        for (Party a : from) {
          for (Party b : to) {
            PolicyEvaluator.Verdict v = evaluator.evaluate(a, b, "TCP", port);
            if (!v.allowed()) {
              blocked.add(
                  "port "
                      + port
                      + describe(a, from.size())
                      + describe(b, to.size())
                      + ": "
                      + v.reason());
            }
          }
        }
      }
      out.add(new FlowVerdict(f, true, blocked.isEmpty(), List.copyOf(blocked)));
    }
    return out;
  }

  private static String describe(Party p, int alternatives) {
    return alternatives > 1 && p instanceof Party.Address a ? " (" + a.ip() + ")" : "";
  }

  List<Party> parties(PolicyEnd end) {
    List<Party> out = new ArrayList<>();
    if (end instanceof PolicyEnd.Pods p) {
      out.add(
          new Party.Pod(p.namespace(), p.labels(), namespaceLabels.apply(p.namespace()), Map.of()));
    } else if (end instanceof PolicyEnd.Host h) {
      h.addresses().forEach(a -> out.add(new Party.Address(a)));
    } else if (end instanceof PolicyEnd.ApiServer a) {
      a.addresses().forEach(ip -> out.add(new Party.Address(ip)));
    } else if (end instanceof PolicyEnd.Outside o) {
      o.ips().forEach(ip -> out.add(new Party.Address(ip)));
    }
    return out;
  }
}
