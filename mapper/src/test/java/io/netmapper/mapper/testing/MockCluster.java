package io.netmapper.mapper.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
 * fabric8's mock API server in CRUD mode with one node, for mappers started as separate processes
 * (a kubeconfig file points them at it).
 */
public final class MockCluster implements AutoCloseable {
  public static final String POD_CIDR = "10.244.0.0/16";
  public final KubernetesMockServer server;
  public final NamespacedKubernetesClient client;

  public MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    client = server.createClient();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-1")
                .endMetadata()
                .withNewSpec()
                .withPodCIDR(POD_CIDR)
                .endSpec()
                .withNewStatus()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("172.18.0.2")
                .endAddress()
                .endStatus()
                .build())
        .create();
  }

  /** A running pod of a Deployment (created too) with the given IP. */
  public void deploymentPod(String ns, String deployment, String pod, String ip) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .createOr(c -> c.update());
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(deployment)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .createOr(c -> c.update());
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(pod)
                .withLabels(Map.of("app", deployment))
                .withCreationTimestamp(Instant.now().minusSeconds(3600).toString())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(deployment)
                .withController(true)
                .withUid(UUID.randomUUID().toString())
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("main")
                .withImage("example/app:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(ip)
                .addNewPodIP()
                .withIp(ip)
                .endPodIP()
                .endStatus()
                .build())
        .create();
  }

  /** A kubeconfig file for a mapper process. */
  public Path kubeconfig(Path file) throws IOException {
    String url = client.getMasterUrl().toString();
    Files.writeString(
        file,
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: mock\n"
            + "  cluster:\n"
            + "    server: "
            + url
            + "\n"
            + "users:\n"
            + "- name: test\n"
            + "  user:\n"
            + "    token: test\n"
            + "contexts:\n"
            + "- name: mock\n"
            + "  context:\n"
            + "    cluster: mock\n"
            + "    user: test\n"
            + "    namespace: default\n"
            + "current-context: mock\n");
    return file;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
