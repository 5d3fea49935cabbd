package io.netmapper.cli.connect;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netmapper.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Finds the mapper Service and a ready pod behind it: the Service's EndpointSlices first (what
 * kube-proxy routes to), else pods matching the Service selector that are Running and Ready.
 */
final class MapperPodFinder {
  static final String INSTALL_HINT =
      "install it with: helm install netmapper ./helm/netmapper -n netmapper-system --create-namespace";

  private final KubernetesClient client;
  private final String where;

  MapperPodFinder(KubernetesClient client, String where) {
    this.client = client;
    this.where = where;
  }

  /** Whether the Service exists (for the fallback to Otterize's mapper). */
  boolean serviceExists(String namespace, String serviceName) {
    return get(
            () -> client.services().inNamespace(namespace).withName(serviceName).get(),
            "read Service " + namespace + "/" + serviceName)
        != null;
  }

  MapperPod find(String namespace, String serviceName, int servicePort) {
    Service service =
        get(
            () -> client.services().inNamespace(namespace).withName(serviceName).get(),
            "read Service " + namespace + "/" + serviceName);
    if (service == null) {
      throw CliException.error(
          "netmapper is not installed here: no Service "
              + serviceName
              + " in namespace "
              + namespace
              + " ("
              + where
              + "); "
              + INSTALL_HINT
              + " (or set --mapper-namespace/--mapper-service-name if you installed it elsewhere)");
    }
    ServicePort port = servicePort(service, servicePort);
    List<String> seen = new ArrayList<>();
    TreeSet<String> readyFromSlices = readyPodsFromSlices(namespace, serviceName, seen);
    List<Pod> candidates = new ArrayList<>();
    if (!readyFromSlices.isEmpty()) {
      for (String name : readyFromSlices) {
        Pod pod =
            get(
                () -> client.pods().inNamespace(namespace).withName(name).get(),
                "read Pod " + namespace + "/" + name);
        if (pod != null) {
          candidates.add(pod);
        }
      }
    }
    if (candidates.isEmpty()) {
      candidates = readyPodsFromSelector(service, namespace, seen);
    }
    if (candidates.isEmpty()) {
      throw CliException.error(
          "the mapper Service "
              + namespace
              + "/"
              + serviceName
              + " has no ready pod"
              + (seen.isEmpty()
                  ? " (no pods found behind it)"
                  : " (" + String.join("; ", seen) + ")")
              + "; check 'kubectl -n "
              + namespace
              + " get pods' and the mapper logs, and wait until it is Ready");
    }
    Pod pod = candidates.get(0);
    return new MapperPod(namespace, pod.getMetadata().getName(), targetPort(service, port, pod));
  }

  private ServicePort servicePort(Service service, int servicePort) {
    List<ServicePort> ports =
        service.getSpec() == null || service.getSpec().getPorts() == null
            ? List.of()
            : service.getSpec().getPorts();
    return ports.stream()
        .filter(p -> Objects.equals(p.getPort(), servicePort))
        .findFirst()
        .orElseThrow(
            () ->
                CliException.error(
                    "Service "
                        + service.getMetadata().getNamespace()
                        + "/"
                        + service.getMetadata().getName()
                        + " has no port "
                        + servicePort
                        + " (ports: "
                        + ports.stream().map(p -> String.valueOf(p.getPort())).toList()
                        + "); set --mapper-service-port to one of them"));
  }

  private TreeSet<String> readyPodsFromSlices(
      String namespace, String serviceName, List<String> seen) {
    TreeSet<String> ready = new TreeSet<>();
    List<EndpointSlice> slices;
    try {
      slices =
          client
              .discovery()
              .v1()
              .endpointSlices()
              .inNamespace(namespace)
              .withLabel("kubernetes.io/service-name", serviceName)
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      return ready; // not allowed or not served: fall back to the pod selector
    }
    for (EndpointSlice slice : slices) {
      for (Endpoint ep :
          slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
        ObjectReference ref = ep.getTargetRef();
        if (ref == null || !"Pod".equals(ref.getKind()) || ref.getName() == null) {
          continue;
        }
        boolean isReady =
            ep.getConditions() == null
                || ep.getConditions().getReady() == null
                || ep.getConditions().getReady();
        boolean terminating =
            ep.getConditions() != null && Boolean.TRUE.equals(ep.getConditions().getTerminating());
        if (isReady && !terminating) {
          ready.add(ref.getName());
        } else {
          seen.add(ref.getName() + " not ready");
        }
      }
    }
    return ready;
  }

  private List<Pod> readyPodsFromSelector(Service service, String namespace, List<String> seen) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    List<Pod> pods =
        get(
            () -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems(),
            "list pods in " + namespace);
    List<Pod> ready = new ArrayList<>();
    for (Pod pod : pods) {
      String phase = pod.getStatus() == null ? "Unknown" : pod.getStatus().getPhase();
      boolean isReady =
          pod.getMetadata().getDeletionTimestamp() == null
              && "Running".equals(phase)
              && pod.getStatus().getConditions() != null
              && pod.getStatus().getConditions().stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      if (isReady) {
        ready.add(pod);
      } else if (!seen.contains(pod.getMetadata().getName() + " not ready")) {
        seen.add(pod.getMetadata().getName() + " " + phase + ", not ready");
      }
    }
    ready.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
    return ready;
  }

  /**
   * The pod's port the Service port leads to: a number, a named container port, or the same number.
   */
  private static int targetPort(Service service, ServicePort port, Pod pod) {
    IntOrString target = port.getTargetPort();
    if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
      return port.getPort();
    }
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    String name = target.getStrVal();
    return pod.getSpec().getContainers().stream()
        .flatMap(
            c ->
                c.getPorts() == null
                    ? java.util.stream.Stream.<ContainerPort>empty()
                    : c.getPorts().stream())
        .filter(cp -> name.equals(cp.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () ->
                CliException.error(
                    "Service "
                        + service.getMetadata().getName()
                        + " targets port '"
                        + name
                        + "' but pod "
                        + pod.getMetadata().getName()
                        + " has no container port with that name"));
  }

  private <T> T get(java.util.function.Supplier<T> call, String what) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw KubeErrors.describe(e, what, where);
    }
  }
}
