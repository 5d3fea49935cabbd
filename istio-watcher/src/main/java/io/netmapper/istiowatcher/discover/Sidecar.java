package io.netmapper.istiowatcher.discover;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod with an Envoy sidecar whose stats can be scraped.
 *
 * @param statsPort the {@code istio-proxy} container's port named {@code http-envoy-prom} (as
 *     Istio's injector declares it), else the configured default
 * @param createdMillis the pod's creation time (when Envoy's uptime is not exposed)
 */
public record Sidecar(
    String uid, String namespace, String name, String ip, int statsPort, long createdMillis) {
  /** The label Istio's injector sets on every pod it gave a sidecar. */
  public static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";

  public static final String PROXY_CONTAINER = "istio-proxy";
  public static final String STATS_PORT_NAME = "http-envoy-prom";

  public String key() {
    return namespace + "/" + name;
  }

  public URI statsUri(String path) {
    String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    return URI.create("http://" + host + ":" + statsPort + path);
  }

  /**
   * The sidecar of a pod, or null when the pod has no {@code istio-proxy} container (classic or
   * native sidecar), no IP yet, is terminating, or has finished.
   */
  public static Sidecar of(Pod pod, int defaultPort) {
    if (pod.getMetadata() == null || pod.getSpec() == null || pod.getStatus() == null) {
      return null;
    }
    var labels = pod.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(TLS_MODE_LABEL)) {
      return null;
    }
    List<Container> containers = new ArrayList<>();
    if (pod.getSpec().getContainers() != null) {
      containers.addAll(pod.getSpec().getContainers());
    }
    if (pod.getSpec().getInitContainers() != null) {
      containers.addAll(
          pod.getSpec().getInitContainers()); // native sidecars (restartPolicy: Always)
    }
    Container proxy =
        containers.stream()
            .filter(c -> PROXY_CONTAINER.equals(c.getName()))
            .findFirst()
            .orElse(null);
    String ip = pod.getStatus().getPodIP();
    String phase = pod.getStatus().getPhase();
    if (proxy == null
        || ip == null
        || ip.isBlank()
        || "Succeeded".equals(phase)
        || "Failed".equals(phase)
        || pod.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    int port = defaultPort;
    if (proxy.getPorts() != null) {
      for (ContainerPort p : proxy.getPorts()) {
        if (STATS_PORT_NAME.equals(p.getName()) && p.getContainerPort() != null) {
          port = p.getContainerPort();
        }
      }
    }
    long created = 0;
    String ts = pod.getMetadata().getCreationTimestamp();
    if (ts != null) {
      try {
        created = Instant.parse(ts).toEpochMilli();
      } catch (RuntimeException e) {
        created = 0;
      }
    }
    return new Sidecar(
        pod.getMetadata().getUid(),
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        ip.trim(),
        port,
        created);
  }
}
