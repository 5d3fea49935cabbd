package io.netmapper.testbed.cluster;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netmapper.testbed.scenario.Scenario;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The testbed's Kubernetes API: fabric8's mock server in CRUD mode on the node's loopback, holding
 * Namespaces, the Node, workloads with their real owner chains (Deployment → ReplicaSet → Pod,
 * StatefulSet, DaemonSet, CronJob → Job → Pod, bare Pod), Services and EndpointSlices. Reached by
 * the mapper and the CLI through a generated kubeconfig, as a real cluster would be.
 */
public final class FakeCluster implements AutoCloseable {
  public static final String NODE_NAME = "testbed-node";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Set<String> namespaces = new java.util.HashSet<>();

  public FakeCluster() throws IOException {
    Map<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
        responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Writes a kubeconfig pointing at this API server. */
  public Path writeKubeconfig(Path file) throws IOException {
    String url = client.getMasterUrl().toString().replaceAll("/$", "");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: testbed
          cluster:
            server: %s
        contexts:
        - name: testbed
          context:
            cluster: testbed
            user: testbed
            namespace: default
        current-context: testbed
        users:
        - name: testbed
          user:
            token: testbed
        """
            .formatted(url));
    return file;
  }

  public void node(String ip, List<String> podCidrs) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(NODE_NAME)
                .endMetadata()
                .withNewSpec()
                .withPodCIDR(podCidrs.get(0))
                .withPodCIDRs(podCidrs)
                .endSpec()
                .withNewStatus()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress(ip)
                .endAddress()
                .endStatus()
                .build())
        .create();
  }

  public void namespace(String name) {
    if (namespaces.add(name)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  /**
   * Creates the workload's owner objects; returns the owner reference its pods carry (null for a
   * bare pod).
   */
  public OwnerReference owners(Scenario.Workload w) {
    namespace(w.namespace());
    String ns = w.namespace();
    switch (w.kind()) {
      case "Deployment" -> {
        create(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(w.name())
                .withNamespace(ns)
                .withLabels(w.labels())
                .endMetadata()
                .withNewSpec()
                .withReplicas(w.replicas())
                .withNewSelector()
                .withMatchLabels(w.labels())
                .endSelector()
                .endSpec()
                .build());
        String rs = w.name() + "-" + hash(w.name());
        create(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(rs)
                .withNamespace(ns)
                .withLabels(w.labels())
                .withOwnerReferences(ref("apps/v1", "Deployment", w.name()))
                .endMetadata()
                .build());
        return ref("apps/v1", "ReplicaSet", rs);
      }
      case "StatefulSet" -> {
        create(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName(w.name())
                .withNamespace(ns)
                .endMetadata()
                .build());
        return ref("apps/v1", "StatefulSet", w.name());
      }
      case "DaemonSet" -> {
        create(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withName(w.name())
                .withNamespace(ns)
                .endMetadata()
                .build());
        return ref("apps/v1", "DaemonSet", w.name());
      }
      case "CronJob" -> {
        create(
            new CronJobBuilder()
                .withNewMetadata()
                .withName(w.name())
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withSchedule("*/5 * * * *")
                .endSpec()
                .build());
        String job = w.name() + "-29000000";
        create(
            new JobBuilder()
                .withNewMetadata()
                .withName(job)
                .withNamespace(ns)
                .withOwnerReferences(ref("batch/v1", "CronJob", w.name()))
                .endMetadata()
                .build());
        return ref("batch/v1", "Job", job);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Creates a pod as the scheduler and kubelet leave it (node, IPs in status); returns it with its
   * UID.
   */
  public Pod pod(
      Scenario.Workload w, String podName, OwnerReference owner, String ipv4, String ipv6) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(w.namespace())
            .withLabels(w.labels())
            .withAnnotations(w.annotations())
            .endMetadata()
            .withNewSpec()
            .withNodeName(NODE_NAME)
            .withHostNetwork(w.hostNetwork())
            .addNewContainer()
            .withName("main")
            .withImage("testbed/agent")
            .withPorts(
                w.ports().stream()
                    .map(
                        p ->
                            new ContainerPortBuilder()
                                .withContainerPort(p)
                                .withHostPort(w.hostNetwork() ? p : null)
                                .build())
                    .toList())
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP(ipv4)
            .withPodIPs(
                ipv6 == null
                    ? List.of(new PodIPBuilder().withIp(ipv4).build())
                    : List.of(
                        new PodIPBuilder().withIp(ipv4).build(),
                        new PodIPBuilder().withIp(ipv6).build()))
            .endStatus();
    if (owner != null) {
      b.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    return client.pods().inNamespace(w.namespace()).resource(b.build()).create();
  }

  public void deletePod(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  public void service(
      Scenario.Service s, String clusterIp, List<String> endpointIps, List<String> endpointPods) {
    namespace(s.namespace());
    create(
        new ServiceBuilder()
            .withNewMetadata()
            .withName(s.name())
            .withNamespace(s.namespace())
            .endMetadata()
            .withNewSpec()
            .withClusterIP(clusterIp == null ? "None" : clusterIp)
            .withClusterIPs(clusterIp == null ? "None" : clusterIp)
            .withSelector(s.selector())
            .withPorts(
                s.ports().stream()
                    .map(
                        p ->
                            new ServicePortBuilder()
                                .withPort(p.port())
                                .withNewTargetPort(p.targetPort())
                                .withProtocol("TCP")
                                .build())
                    .toList())
            .endSpec()
            .build());
    EndpointSliceBuilder slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(s.name() + "-" + hash(s.name()))
            .withNamespace(s.namespace())
            .withLabels(Map.of("kubernetes.io/service-name", s.name()))
            .endMetadata()
            .withAddressType("IPv4");
    // as the EndpointSlice controller does: the slice carries the target ports
    s.ports()
        .forEach(p -> slice.addNewPort().withPort(p.targetPort()).withProtocol("TCP").endPort());
    for (int i = 0; i < endpointIps.size(); i++) {
      slice.addToEndpoints(
          new EndpointBuilder()
              .withAddresses(endpointIps.get(i))
              .withNewTargetRef()
              .withKind("Pod")
              .withName(endpointPods.get(i))
              .withNamespace(s.namespace())
              .endTargetRef()
              .build());
    }
    create(slice.build());
  }

  /** The API server's own Service, default/kubernetes. */
  public void apiServerService(String clusterIp, String endpointIp) {
    namespace("default");
    create(
        new ServiceBuilder()
            .withNewMetadata()
            .withName("kubernetes")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withClusterIP(clusterIp)
            .withClusterIPs(clusterIp)
            .withPorts(new ServicePortBuilder().withPort(443).withNewTargetPort(6443).build())
            .endSpec()
            .build());
    create(
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName("kubernetes")
            .withNamespace("default")
            .withLabels(Map.of("kubernetes.io/service-name", "kubernetes"))
            .endMetadata()
            .withAddressType("IPv4")
            .addNewPort()
            .withName("https")
            .withPort(6443)
            .withProtocol("TCP")
            .endPort()
            .addToEndpoints(new EndpointBuilder().withAddresses(endpointIp).build())
            .build());
  }

  private void create(HasMetadata obj) {
    client.resource(obj).create();
  }

  private static OwnerReference ref(String apiVersion, String kind, String name) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid(UUID.nameUUIDFromBytes((kind + "/" + name).getBytes()).toString())
        .withController(true)
        .build();
  }

  static String hash(String name) {
    String h = Integer.toHexString(Math.abs(name.hashCode()) % 0xfffff + 0x10000);
    return h.length() > 5 ? h.substring(0, 5) : h;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
