package io.netmapper.cli.connect;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The NetworkPolicies and namespace labels of the cluster the kubeconfig points at. */
public final class ClusterPolicies {
  /** What {@code policy check --from-cluster} evaluates. */
  public record Snapshot(
      List<NetworkPolicy> policies, Map<String, Map<String, String>> namespaceLabels) {}

  private ClusterPolicies() {}

  public static Snapshot read(ConnectionSettings settings) {
    Path file = KubeconfigLocator.locate(settings.kubeconfig(), settings.env(), settings.home());
    Config config = KubeconfigLocator.load(file, settings.context());
    String where = "the cluster at " + config.getMasterUrl();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      List<NetworkPolicy> policies =
          client.network().v1().networkPolicies().inAnyNamespace().list().getItems();
      Map<String, Map<String, String>> labels = new HashMap<>();
      for (Namespace ns : client.namespaces().list().getItems()) {
        Map<String, String> l =
            ns.getMetadata().getLabels() == null
                ? new HashMap<>()
                : new HashMap<>(ns.getMetadata().getLabels());
        l.putIfAbsent("kubernetes.io/metadata.name", ns.getMetadata().getName());
        labels.put(ns.getMetadata().getName(), Map.copyOf(l));
      }
      return new Snapshot(List.copyOf(policies), Map.copyOf(labels));
    } catch (KubernetesClientException e) {
      throw KubeErrors.describe(e, "list NetworkPolicies and namespaces", where);
    }
  }
}
