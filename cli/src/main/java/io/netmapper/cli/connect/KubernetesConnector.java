package io.netmapper.cli.connect;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reaches the mapper through Kubernetes: kubeconfig, the mapper Service, a ready pod behind it, and
 * a fabric8 port-forward from an ephemeral localhost port to the pod's port.
 */
final class KubernetesConnector {
  private final ConnectionSettings settings;

  KubernetesConnector(ConnectionSettings settings) {
    this.settings = settings;
  }

  MapperSession open() {
    Path file = KubeconfigLocator.locate(settings.kubeconfig(), settings.env(), settings.home());
    Config config = KubeconfigLocator.load(file, settings.context());
    String where =
        "context "
            + (config.getCurrentContext() == null ? "(none)" : config.getCurrentContext().getName())
            + " at "
            + config.getMasterUrl();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    try {
      MapperPod pod =
          new MapperPodFinder(client, where)
              .find(settings.namespace(), settings.serviceName(), settings.servicePort());
      LocalPortForward forward;
      try {
        forward =
            client.pods().inNamespace(pod.namespace()).withName(pod.name()).portForward(pod.port());
      } catch (KubernetesClientException e) {
        throw KubeErrors.describe(e, "port-forward to pod " + pod, where);
      }
      String description =
          "the mapper pod "
              + pod.namespace()
              + "/"
              + pod.name()
              + " (port "
              + pod.port()
              + ", port-forwarded to localhost:"
              + forward.getLocalPort()
              + ", "
              + where
              + ")";
      LocalPortForward pf = forward;
      return new MapperSession(
          Channels.plaintext("127.0.0.1", forward.getLocalPort()),
          description,
          () -> problems(pf),
          () -> {
            try {
              pf.close();
            } finally {
              client.close();
            }
          });
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static List<String> problems(LocalPortForward forward) {
    List<String> out = new ArrayList<>();
    forward
        .getClientThrowables()
        .forEach(t -> out.add("port-forward client: " + KubeErrors.rootMessage(t)));
    forward
        .getServerThrowables()
        .forEach(t -> out.add("port-forward server: " + KubeErrors.rootMessage(t)));
    return out;
  }
}
