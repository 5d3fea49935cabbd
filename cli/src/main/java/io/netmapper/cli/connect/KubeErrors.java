package io.netmapper.cli.connect;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netmapper.cli.CliException;

/** Turns fabric8 failures into messages that say what to do. */
final class KubeErrors {
  private KubeErrors() {}

  static CliException describe(KubernetesClientException e, String what, String where) {
    int code = e.getCode();
    if (code == 401) {
      return CliException.error(
          "the Kubernetes API server rejected the credentials while trying to "
              + what
              + " ("
              + where
              + "); log in again or pick another --context",
          e);
    }
    if (code == 403) {
      return CliException.error(
          "not allowed to "
              + what
              + " ("
              + where
              + "): "
              + statusMessage(e)
              + "; the CLI needs get/list on services, endpointslices and pods and create on"
              + " pods/portforward in the mapper namespace",
          e);
    }
    if (code > 0) {
      return CliException.error(
          "the Kubernetes API server failed to "
              + what
              + " ("
              + where
              + "): HTTP "
              + code
              + " "
              + statusMessage(e),
          e);
    }
    return CliException.error(
        "cannot reach the Kubernetes API server ("
            + where
            + ") to "
            + what
            + ": "
            + rootMessage(e)
            + "; check the cluster is up and the kubeconfig/--context is right, or use --mapper-url",
        e);
  }

  private static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
  }
}
