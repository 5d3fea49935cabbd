package io.netmapper.kafkawatcher.source;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Finds broker pods by label selector, in one namespace or all. */
public final class BrokerDiscovery {
  private final KubernetesClient client;
  private final String selector;
  private final String namespace;

  public BrokerDiscovery(KubernetesClient client, String selector, String namespace) {
    this.client = client;
    this.selector = selector;
    this.namespace = namespace;
  }

  /** The pods matching now (any phase: a stream waits for a pod that is not running yet). */
  public Set<BrokerPod> list() {
    List<Pod> pods =
        namespace.isEmpty()
            ? client.pods().inAnyNamespace().withLabelSelector(selector).list().getItems()
            : client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems();
    Set<BrokerPod> found = new TreeSet<>();
    for (Pod p : pods) {
      if (p.getMetadata().getDeletionTimestamp() == null) {
        found.add(new BrokerPod(p.getMetadata().getNamespace(), p.getMetadata().getName()));
      }
    }
    return found;
  }
}
