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
  /** Where Otterize's chart installs its mapper (Service name, namespace, port). */
  static final String OTTERIZE_NAMESPACE = "otterize-system";

  static final String OTTERIZE_SERVICE = "otterize-network-mapper";
  static final int OTTERIZE_PORT = 9090;

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
      MapperPodFinder finder = new MapperPodFinder(client, where);
      // no netmapper here, but Otterize's mapper: talk to it over its GraphQL API
      boolean otterize =
          !finder.serviceExists(settings.namespace(), settings.serviceName())
              && finder.serviceExists(OTTERIZE_NAMESPACE, OTTERIZE_SERVICE);
      MapperPod pod =
          otterize
              ? finder.find(OTTERIZE_NAMESPACE, OTTERIZE_SERVICE, OTTERIZE_PORT)
              : finder.find(settings.namespace(), settings.serviceName(), settings.servicePort());
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
      if (otterize) {
        return new MapperSession(
            java.net.URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/query"),
            "Otterize's network mapper " + description.substring("the mapper ".length()),
            () -> problems(pf),
            () -> {
              try {
                pf.close();
              } finally {
                client.close();
              }
            });
      }
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
