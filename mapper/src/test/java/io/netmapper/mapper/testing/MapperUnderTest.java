package io.netmapper.mapper.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.mapper.Mapper;
import io.netmapper.mapper.MapperConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real mapper (the mapper module's code, started as its Main would) against fabric8's mock API
 * server in CRUD mode, queried over real gRPC. Mixed mode: expectations (pod logs) first, then
 * CRUD. For the reporters' end-to-end tests (this module's test-jar).
 */
public final class MapperUnderTest implements AutoCloseable {
  public final KubernetesMockServer server;
  public final NamespacedKubernetesClient client;
  public final Mapper mapper;
  private final ManagedChannel channel;
  private final MapperServiceGrpc.MapperServiceBlockingStub queries;
  private final java.nio.file.Path dataDir;

  public MapperUnderTest() {
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
                .withPodCIDR("10.244.0.0/16")
                .endSpec()
                .withNewStatus()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("172.18.0.2")
                .endAddress()
                .endStatus()
                .build())
        .create();
    dataDir = TestDataDir.create();
    mapper =
        new Mapper(
            MapperConfig.parse(
                new String[0],
                Map.of(
                    "NETMAPPER_DATA_DIR", dataDir.toString(),
                    "NETMAPPER_PORT", "0",
                    "NETMAPPER_BIND_ADDRESS", "127.0.0.1",
                    "NETMAPPER_PENDING_TIMEOUT", "PT5S",
                    "NETMAPPER_RETRY_INTERVAL", "PT0.1S",
                    "NETMAPPER_TELEMETRY_ENABLED", "false")),
            client,
            Clock.systemUTC());
    mapper.start();
    await().atMost(Duration.ofSeconds(20)).until(mapper::ready);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", mapper.port()).usePlaintext().build();
    queries = MapperServiceGrpc.newBlockingStub(channel);
  }

  public String address() {
    return "127.0.0.1:" + mapper.port();
  }

  public void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(c -> c.update());
  }

  /** A running pod owned by a controller of the given kind (created too), with the given IP. */
  public Pod pod(String ns, String name, String ownerKind, String ownerName, String ip) {
    namespace(ns);
    if ("StatefulSet".equals(ownerKind)) {
      client
          .apps()
          .statefulSets()
          .inNamespace(ns)
          .resource(
              new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                  .withNewMetadata()
                  .withName(ownerName)
                  .withNamespace(ns)
                  .endMetadata()
                  .build())
          .createOr(c -> c.update());
    } else if ("Deployment".equals(ownerKind)) {
      client
          .apps()
          .deployments()
          .inNamespace(ns)
          .resource(
              new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                  .withNewMetadata()
                  .withName(ownerName)
                  .withNamespace(ns)
                  .endMetadata()
                  .build())
          .createOr(c -> c.update());
    }
    return client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .withLabels(Map.of("app", ownerName))
                .withCreationTimestamp(Instant.now().minusSeconds(60).toString())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind(ownerKind)
                .withName(ownerName)
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

  public List<Intent> intents() {
    return queries
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .listIntents(ListIntentsRequest.getDefaultInstance())
        .getIntentsList();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    mapper.close();
    client.close();
    server.destroy();
    TestDataDir.delete(dataDir);
  }
}
