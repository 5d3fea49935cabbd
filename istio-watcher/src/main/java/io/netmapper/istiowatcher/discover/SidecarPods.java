package io.netmapper.istiowatcher.discover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods with an Istio sidecar, kept by an informer on the {@code security.istio.io/tlsMode} label
 * (no list per scrape). The handler only updates the map; scrapes read it.
 */
public final class SidecarPods implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarPods.class);

  private final KubernetesClient client;
  private final String namespace;
  private final int defaultPort;
  private final Map<String, Sidecar> byUid = new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> informer;

  /**
   * @param namespace the namespace watched, empty for all
   */
  public SidecarPods(KubernetesClient client, String namespace, int defaultPort) {
    this.client = client;
    this.namespace = namespace;
    this.defaultPort = defaultPort;
  }

  public void start() {
    var pods =
        namespace.isEmpty() ? client.pods().inAnyNamespace() : client.pods().inNamespace(namespace);
    informer =
        pods.withLabel(Sidecar.TLS_MODE_LABEL)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    upsert(pod);
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod newPod) {
                    upsert(newPod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                    String uid = pod.getMetadata().getUid();
                    if (uid != null && byUid.remove(uid) != null) {
                      LOG.info(
                          "sidecar gone pod={}/{}",
                          pod.getMetadata().getNamespace(),
                          pod.getMetadata().getName());
                    }
                  }
                },
                0);
  }

  private void upsert(Pod pod) {
    try {
      Sidecar s = Sidecar.of(pod, defaultPort);
      String uid = pod.getMetadata().getUid();
      if (s == null) {
        if (uid != null && byUid.remove(uid) != null) {
          LOG.info(
              "sidecar gone pod={}/{}",
              pod.getMetadata().getNamespace(),
              pod.getMetadata().getName());
        }
        return;
      }
      Sidecar before = byUid.put(s.uid(), s);
      if (before == null) {
        LOG.info("sidecar found pod={} ip={} statsPort={}", s.key(), s.ip(), s.statsPort());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "sidecar pod not understood pod={}/{}: {}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          e.toString());
    }
  }

  public boolean synced() {
    return informer != null && informer.hasSynced();
  }

  public List<Sidecar> current() {
    return List.copyOf(byUid.values());
  }

  public int size() {
    return byUid.size();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
