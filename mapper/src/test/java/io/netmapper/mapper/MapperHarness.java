package io.netmapper.mapper;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.api.v1.ObservationWindow;
import io.netmapper.api.v1.ProcessAttribution;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.api.v1.ReportServiceGrpc;
import io.netmapper.api.v1.Reporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real mapper against fabric8's mock API server in CRUD mode, with a real gRPC client over
 * loopback. Tests create API objects as a cluster would have them and send reports as a node agent
 * would.
 */
final class MapperHarness implements AutoCloseable {
  private java.nio.file.Path dataDir;
  static final String NODE = "node-1";
  static final String NODE_IP = "172.18.0.2";
  static final String POD_CIDR = "10.244.0.0/16";
  static final String POD_CIDR_V6 = "fd00:10:244::/64";

  final KubernetesMockServer server;
  final NamespacedKubernetesClient client;
  final Mapper mapper;
  final ManagedChannel channel;
  private final ReportServiceGrpc.ReportServiceBlockingStub reportStub;
  private final MapperServiceGrpc.MapperServiceBlockingStub queryStub;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong sequence = new AtomicLong();

  MapperHarness() {
    this(Map.of());
  }

  MapperHarness(Map<String, String> env) {
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
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "NETMAPPER_PORT", "0",
                "NETMAPPER_BIND_ADDRESS", "127.0.0.1",
                "NETMAPPER_PENDING_TIMEOUT", "PT3S",
                "NETMAPPER_RETRY_INTERVAL", "PT0.1S",
                "NETMAPPER_TELEMETRY_ENABLED", "false"));
    dataDir = io.netmapper.mapper.testing.TestDataDir.create();
    all.put("NETMAPPER_DATA_DIR", dataDir.toString());
    all.putAll(env);
    mapper = new Mapper(MapperConfig.parse(new String[0], all), client, Clock.systemUTC());
    node(NODE, NODE_IP, POD_CIDR, POD_CIDR_V6);
    mapper.start();
    await().atMost(Duration.ofSeconds(20)).until(mapper::ready);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", mapper.port()).usePlaintext().build();
    reportStub = ReportServiceGrpc.newBlockingStub(channel);
    queryStub = MapperServiceGrpc.newBlockingStub(channel);
  }

  /** A report stub with a fresh deadline (deadlines are absolute, so one per call). */
  ReportServiceGrpc.ReportServiceBlockingStub reports() {
    return reportStub.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  MapperServiceGrpc.MapperServiceBlockingStub queries() {
    return queryStub.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  // ---- cluster objects -------------------------------------------------------------------

  void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(c -> c.update());
  }

  void node(String name, String ip, String... podCidrs) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withPodCIDR(podCidrs[0])
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

  /** A pod with an optional controller owner; returns it as stored (with its UID). */
  Pod pod(
      String ns,
      String name,
      String ownerApiVersion,
      String ownerKind,
      String ownerName,
      Map<String, String> labels,
      Map<String, String> annotations,
      boolean hostNetwork,
      Instant created,
      String... ips) {
    namespace(ns);
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withLabels(labels)
            .withAnnotations(annotations)
            .withCreationTimestamp(created.toString())
            .endMetadata()
            .withNewSpec()
            .withNodeName(NODE)
            .withHostNetwork(hostNetwork)
            .addNewContainer()
            .withName("main")
            .withImage("example/app:1")
            .withPorts(new ContainerPortBuilder().withContainerPort(8080).build())
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPodIP(ips[0])
            .withPodIPs(
                java.util.Arrays.stream(ips)
                    .map(ip -> new PodIPBuilder().withIp(ip).build())
                    .toList())
            .endStatus();
    if (ownerKind != null) {
      b.editMetadata()
          .withOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion(ownerApiVersion)
                  .withKind(ownerKind)
                  .withName(ownerName)
                  .withUid(UUID.randomUUID().toString())
                  .withController(true)
                  .build())
          .endMetadata();
    }
    return client.pods().inNamespace(ns).resource(b.build()).create();
  }

  Pod pod(
      String ns,
      String name,
      String ownerApiVersion,
      String ownerKind,
      String ownerName,
      String... ips) {
    return pod(
        ns,
        name,
        ownerApiVersion,
        ownerKind,
        ownerName,
        Map.of("app", name),
        Map.of(),
        false,
        Instant.now().minusSeconds(60),
        ips);
  }

  /** Deployment → ReplicaSet → Pod, as the controllers leave them. */
  Pod deploymentPod(String ns, String deployment, String ip, Map<String, String> labels) {
    namespace(ns);
    String rs = deployment + "-7d9f8c6b5";
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName(deployment)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("x")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .createOr(c -> c.update());
    client
        .apps()
        .replicaSets()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata()
                .withName(rs)
                .withNamespace(ns)
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(deployment)
                .withController(true)
                .withUid(UUID.randomUUID().toString())
                .endOwnerReference()
                .endMetadata()
                .build())
        .createOr(c -> c.update());
    return pod(
        ns,
        rs + "-" + ip.replace('.', 'x').replace(':', 'y'),
        "apps/v1",
        "ReplicaSet",
        rs,
        labels,
        Map.of(),
        false,
        Instant.now().minusSeconds(60),
        ip);
  }

  void service(
      String ns,
      String name,
      String clusterIp,
      Map<String, String> selector,
      String... endpointIps) {
    namespace(ns);
    client
        .services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withClusterIP(clusterIp)
                .withClusterIPs(clusterIp)
                .withSelector(selector)
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
    endpointSlice(ns, name, endpointIps);
  }

  void endpointSlice(String ns, String service, String... ips) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(service + "-abcde")
            .withNamespace(ns)
            .withLabels(Map.of("kubernetes.io/service-name", service))
            .endMetadata()
            .withAddressType("IPv4");
    for (String ip : ips) {
      b.addToEndpoints(new EndpointBuilder().withAddresses(ip).build());
    }
    client.discovery().v1().endpointSlices().inNamespace(ns).resource(b.build()).create();
  }

  // ---- reports ---------------------------------------------------------------------------

  BatchHeader header() {
    return header(sequence.incrementAndGet());
  }

  BatchHeader header(long seq) {
    return BatchHeader.newBuilder()
        .setReporter(
            Reporter.newBuilder().setComponent("sniffer").setNodeName(NODE).setInstanceId(instance))
        .setSequence(seq)
        .build();
  }

  static ObservationWindow seen(Instant at) {
    Timestamp ts =
        Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    return ObservationWindow.newBuilder().setFirstSeen(ts).setLastSeen(ts).setCount(1).build();
  }

  static Connection syn(String clientIp, String serverIp, int port) {
    return syn(clientIp, serverIp, port, Instant.now());
  }

  static Connection syn(String clientIp, String serverIp, int port, Instant at) {
    return Connection.newBuilder()
        .setSeen(seen(at))
        .setClientIp(clientIp)
        .setClientPort(40000)
        .setServerIp(serverIp)
        .setServerPort(port)
        .setEvidence(ConnectionEvidence.CONNECTION_EVIDENCE_SYN)
        .build();
  }

  static Connection withClientPod(Connection c, String podUid) {
    return c.toBuilder()
        .setClientProcess(ProcessAttribution.newBuilder().setPodUid(podUid).setHostNetwork(true))
        .build();
  }

  ReportAck connections(Connection... connections) {
    return reports()
        .reportConnections(
            ConnectionReport.newBuilder()
                .setHeader(header())
                .addAllConnections(List.of(connections))
                .build());
  }

  ReportAck dns(String clientIp, String query, List<String> cnames, String... ips) {
    return reports()
        .reportDnsAnswers(
            DnsAnswerReport.newBuilder()
                .setHeader(header())
                .addAnswers(
                    DnsAnswer.newBuilder()
                        .setSeen(seen(Instant.now()))
                        .setClientIp(clientIp)
                        .setQueryName(query)
                        .addAllCnameChain(cnames)
                        .addAllIps(List.of(ips))
                        .setTtlSeconds(30))
                .build());
  }

  // ---- queries ---------------------------------------------------------------------------

  List<Intent> intents() {
    return intents(ListIntentsRequest.getDefaultInstance());
  }

  List<Intent> intents(ListIntentsRequest request) {
    return queries().listIntents(request).getIntentsList();
  }

  /** Waits until some intent matches, then returns it. */
  Intent awaitIntent(Predicate<Intent> match) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> intents().stream().filter(match).findFirst().orElse(null), i -> i != null);
  }

  static Predicate<Intent> edge(String clientName, String serverName) {
    return i ->
        i.getClient().getWorkload().getName().equals(clientName)
            && i.getServer().getWorkload().getName().equals(serverName);
  }

  String metrics() {
    return mapper.registry().scrape();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    mapper.close();
    client.close();
    server.destroy();
    io.netmapper.mapper.testing.TestDataDir.delete(dataDir);
  }
}
