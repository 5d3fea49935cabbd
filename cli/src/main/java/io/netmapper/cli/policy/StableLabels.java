package io.netmapper.cli.policy;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The labels of a workload's pods that every pod of it keeps: controllers add per-revision or
 * per-pod labels that a selector must never use (a rollout would fall out of the policy).
 */
final class StableLabels {
  private static final Set<String> UNSTABLE =
      Set.of(
          "pod-template-hash",
          "controller-revision-hash",
          "pod-template-generation",
          "statefulset.kubernetes.io/pod-name",
          "apps.kubernetes.io/pod-index",
          "controller-uid",
          "job-name",
          "batch.kubernetes.io/controller-uid",
          "batch.kubernetes.io/job-name",
          "batch.kubernetes.io/job-completion-index",
          "security.istio.io/tlsMode",
          "service.istio.io/canonical-revision");

  private StableLabels() {}

  static SortedMap<String, String> of(Map<String, String> labels) {
    TreeMap<String, String> out = new TreeMap<>();
    labels.forEach(
        (k, v) -> {
          if (!UNSTABLE.contains(k)) {
            out.put(k, v);
          }
        });
    return out;
  }
}
