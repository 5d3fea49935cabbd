package io.netmapper.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.netmapper.helm.Chart.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pod specs and container environments of rendered workloads. */
final class Pods {
  private Pods() {}

  static PodSpec spec(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return d.getSpec().getTemplate().getSpec();
    }
    if (workload instanceof DaemonSet ds) {
      return ds.getSpec().getTemplate().getSpec();
    }
    throw new AssertionError("not a workload: " + workload.getKind());
  }

  static PodSpec spec(List<Manifest> manifests, String kind, String name) {
    return spec(Chart.find(manifests, kind, name).object());
  }

  static Container container(PodSpec spec) {
    if (spec.getContainers().size() != 1) {
      throw new AssertionError("expected one container, got " + spec.getContainers().size());
    }
    return spec.getContainers().get(0);
  }

  /**
   * The container's environment as the process sees it (field refs resolved with stand-in values).
   */
  static Map<String, String> env(Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      if (out.containsKey(e.getName())) {
        throw new AssertionError("env " + e.getName() + " set twice");
      }
      String value = e.getValue();
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        // a Secret's value: stand-in naming the Secret and key
        var ref = e.getValueFrom().getSecretKeyRef();
        out.put(e.getName(), "secret:" + ref.getName() + "/" + ref.getKey());
        continue;
      }
      if (e.getValueFrom() != null) {
        String path = e.getValueFrom().getFieldRef().getFieldPath();
        value =
            switch (path) {
              case "spec.nodeName" -> "node-1";
              default -> throw new AssertionError("unexpected field ref " + path);
            };
      }
      out.put(e.getName(), value);
    }
    return out;
  }

  /** The workloads of a render: kind/name → pod spec. */
  static Map<String, PodSpec> workloads(List<Manifest> manifests) {
    Map<String, PodSpec> out = new LinkedHashMap<>();
    for (Manifest m : manifests) {
      if (m.kind().equals("Deployment") || m.kind().equals("DaemonSet")) {
        out.put(m.name(), spec(m.object()));
      }
    }
    return out;
  }
}
