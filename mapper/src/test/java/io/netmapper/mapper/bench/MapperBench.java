package io.netmapper.mapper.bench;

import com.google.protobuf.Timestamp;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.ObservationWindow;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.api.v1.Reporter;
import io.netmapper.mapper.ingest.IngestLimits;
import io.netmapper.mapper.ingest.ReportService;
import io.netmapper.mapper.kube.KubeCache;
import io.netmapper.mapper.kube.KubeFixtures;
import io.netmapper.mapper.kube.OwnerRef;
import io.netmapper.mapper.kube.OwnerResolver;
import io.netmapper.mapper.kube.ServiceEndpoint;
import io.netmapper.mapper.metrics.MapperMetrics;
import io.netmapper.mapper.resolve.ResolutionPipeline;
import io.netmapper.mapper.resolve.Resolver;
import io.netmapper.mapper.resolve.ResolverSettings;
import io.netmapper.mapper.store.EdgeUpdate;
import io.netmapper.mapper.store.Evidence;
import io.netmapper.mapper.store.IntentStore;
import io.netmapper.mapper.store.IntentType;
import io.netmapper.mapper.store.Peer;
import io.netmapper.mapper.store.Workload;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Ingest + resolution throughput against a cache of 10k pods (one thread, the real ReportService →
 * validation → resolution → store path, without the network), and store memory per live edge.
 * Prints a table; not part of the test suite.
 *
 * <pre>
 * ./mvnw -q -pl mapper test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.netmapper.mapper.bench.MapperBench
 * </pre>
 */
public final class MapperBench {
  static final int PODS = 10_000;
  static final int DEPLOYMENTS = 200;
  static final int SERVICES = 200;
  static final int BATCH = 1_000;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesMixedDispatcher(new HashMap<>()),
            false);
    server.init();
    NamespacedKubernetesClient client = server.createClient();
    Clock clock = Clock.systemUTC();
    try {
      KubeCache cache = populate(client, clock);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      MapperMetrics metrics = new MapperMetrics(registry);
      Resolver resolver =
          new Resolver(
              cache,
              new ResolverSettings(
                  "cluster.local",
                  List.of(io.netmapper.common.net.Cidr.parse("10.0.0.0/8")),
                  2_000,
                  3_600_000,
                  1_000_000,
                  600_000));
      IntentStore store = new IntentStore();
      ResolutionPipeline pipeline =
          new ResolutionPipeline(resolver, store, metrics, clock, 60_000, 100_000);
      ReportService reports =
          new ReportService(
              pipeline,
              metrics,
              clock,
              new IngestLimits(10_000, 86_400_000, 300_000, 65_536, 3_600_000));

      List<ConnectionReport> connBatches = connectionBatches(50);
      List<DnsAnswerReport> dnsBatches = dnsBatches(50);
      // warm up: JIT and the owner walks of every ReplicaSet
      run(reports, connBatches, dnsBatches, 2);
      System.out.printf(
          "%-44s %14s%n", "path (1 thread, cache of " + PODS + " pods)", "observations/s");
      System.out.printf(
          "%-44s %,14.0f%n",
          "connections (SYN, pod→pod and pod→ClusterIP)",
          rate(seconds, () -> run(reports, connBatches, List.of(), 1)));
      System.out.printf(
          "%-44s %,14.0f%n",
          "DNS answers (service names, external names)",
          rate(seconds, () -> run(reports, List.of(), dnsBatches, 1)));
      System.out.printf("%-44s %,14d%n", "edges in the store after the runs", store.size());
      registry
          .find("netmapper_mapper_observations_unresolved")
          .counters()
          .forEach(
              c ->
                  System.out.printf(
                      "%-44s %,14d%n",
                      "unresolved, reason " + c.getId().getTag("reason"), (long) c.count()));
      memoryPerEdge();
    } finally {
      client.close();
      server.destroy();
    }
  }

  private static KubeCache populate(NamespacedKubernetesClient client, Clock clock) {
    OwnerResolver owners =
        new OwnerResolver(client, clock, Duration.ofHours(1), Duration.ofMinutes(1));
    KubeCache cache = new KubeCache(client, clock, Duration.ofMinutes(5), owners);
    long created = clock.millis() - 3_600_000;
    for (int d = 0; d < DEPLOYMENTS; d++) {
      String ns = "ns-" + (d % 20);
      client
          .apps()
          .deployments()
          .inNamespace(ns)
          .resource(
              new DeploymentBuilder()
                  .withNewMetadata()
                  .withName("app-" + d)
                  .withNamespace(ns)
                  .endMetadata()
                  .build())
          .create();
      client
          .apps()
          .replicaSets()
          .inNamespace(ns)
          .resource(
              new ReplicaSetBuilder()
                  .withNewMetadata()
                  .withName("app-" + d + "-rs")
                  .withNamespace(ns)
                  .addNewOwnerReference()
                  .withApiVersion("apps/v1")
                  .withKind("Deployment")
                  .withName("app-" + d)
                  .withController(true)
                  .withUid("u" + d)
                  .endOwnerReference()
                  .endMetadata()
                  .build())
          .create();
    }
    for (int p = 0; p < PODS; p++) {
      int d = p % DEPLOYMENTS;
      KubeFixtures.pod(
          cache,
          "pod-uid-" + p,
          "ns-" + (d % 20),
          "app-" + d + "-rs-" + p,
          podIp(p),
          new OwnerRef("apps/v1", "ReplicaSet", "app-" + d + "-rs", true),
          created);
    }
    for (int s = 0; s < SERVICES; s++) {
      List<ServiceEndpoint> eps = new ArrayList<>();
      for (int p = s; p < PODS; p += DEPLOYMENTS) {
        eps.add(new ServiceEndpoint(podIp(p), null, null, null));
      }
      KubeFixtures.service(
          cache,
          "ns-" + (s % 20),
          "svc-" + s,
          serviceIp(s),
          eps.subList(0, Math.min(3, eps.size())));
    }
    return cache;
  }

  static String podIp(int p) {
    return "10.244." + (p / 250) + "." + (p % 250 + 1);
  }

  static String serviceIp(int s) {
    return "10.96.0." + (s + 10);
  }

  private static List<ConnectionReport> connectionBatches(int n) {
    Random random = new Random(1);
    Timestamp now = now();
    List<ConnectionReport> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      ConnectionReport.Builder r = ConnectionReport.newBuilder();
      for (int i = 0; i < BATCH; i++) {
        int client = random.nextInt(PODS);
        String server =
            random.nextBoolean()
                ? podIp(random.nextInt(PODS))
                : serviceIp(random.nextInt(SERVICES));
        r.addConnections(
            Connection.newBuilder()
                .setSeen(
                    ObservationWindow.newBuilder().setFirstSeen(now).setLastSeen(now).setCount(1))
                .setClientIp(podIp(client))
                .setClientPort(30000 + i)
                .setServerIp(server)
                .setServerPort(8080)
                .setEvidence(ConnectionEvidence.CONNECTION_EVIDENCE_SYN));
      }
      out.add(r.build());
    }
    return out;
  }

  private static List<DnsAnswerReport> dnsBatches(int n) {
    Random random = new Random(2);
    Timestamp now = now();
    List<DnsAnswerReport> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      DnsAnswerReport.Builder r = DnsAnswerReport.newBuilder();
      for (int i = 0; i < BATCH; i++) {
        int s = random.nextInt(SERVICES);
        boolean external = random.nextInt(4) == 0;
        r.addAnswers(
            DnsAnswer.newBuilder()
                .setSeen(
                    ObservationWindow.newBuilder().setFirstSeen(now).setLastSeen(now).setCount(1))
                .setClientIp(podIp(random.nextInt(PODS)))
                .setQueryName(
                    external
                        ? "api" + (s % 50) + ".example.com"
                        : "svc-" + s + ".ns-" + (s % 20) + ".svc.cluster.local")
                .addIps(external ? "203.0.113." + (s % 200 + 1) : serviceIp(s)));
      }
      out.add(r.build());
    }
    return out;
  }

  private static Timestamp now() {
    long ms = System.currentTimeMillis();
    return Timestamp.newBuilder()
        .setSeconds(ms / 1000)
        .setNanos((int) (ms % 1000) * 1_000_000)
        .build();
  }

  private static long sequence;

  private static long run(
      ReportService reports, List<ConnectionReport> conns, List<DnsAnswerReport> dns, int rounds) {
    StreamObserver<ReportAck> sink =
        new StreamObserver<>() {
          @Override
          public void onNext(ReportAck value) {}

          @Override
          public void onError(Throwable t) {
            throw new IllegalStateException(t);
          }

          @Override
          public void onCompleted() {}
        };
    long observations = 0;
    for (int r = 0; r < rounds; r++) {
      for (ConnectionReport c : conns) {
        reports.reportConnections(c.toBuilder().setHeader(header()).build(), sink);
        observations += c.getConnectionsCount();
      }
      for (DnsAnswerReport d : dns) {
        reports.reportDnsAnswers(d.toBuilder().setHeader(header()).build(), sink);
        observations += d.getAnswersCount();
      }
    }
    return observations;
  }

  private static BatchHeader header() {
    return BatchHeader.newBuilder()
        .setReporter(
            Reporter.newBuilder()
                .setComponent("bench")
                .setNodeName("node-1")
                .setInstanceId("bench"))
        .setSequence(++sequence)
        .build();
  }

  private static double rate(int seconds, java.util.function.LongSupplier work) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() < deadline) {
      n += work.getAsLong();
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /** Heap held by the store per live edge, for a map of 200k edges between 10k workloads. */
  private static void memoryPerEdge() {
    int edges = 200_000;
    List<Peer> workloads = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      workloads.add(
          new Peer.WorkloadPeer(
              new Workload("ns-" + (i % 20), "app-" + i, "Deployment", "apps/v1")));
    }
    Map<String, String> labels = Map.of("app", "x", "team", "y");
    long before = usedHeap();
    IntentStore store = new IntentStore();
    Random random = new Random(3);
    long now = System.currentTimeMillis();
    while (store.size() < edges) {
      Peer c = workloads.get(random.nextInt(workloads.size()));
      Peer s = workloads.get(random.nextInt(workloads.size()));
      store.apply(
          new EdgeUpdate(
              c,
              s,
              IntentType.TCP,
              Evidence.SYN,
              now,
              now,
              1,
              8080,
              null,
              null,
              null,
              null,
              labels,
              labels));
      store.apply(
          new EdgeUpdate(
              c,
              s,
              IntentType.TCP,
              Evidence.DNS,
              now,
              now,
              1,
              0,
              "svc.ns.svc.cluster.local",
              "svc.ns",
              null,
              null,
              labels,
              labels));
    }
    long after = usedHeap();
    System.out.printf(
        "%-44s %,14d%n",
        "store bytes per live edge (" + edges / 1000 + "k edges, port + DNS name + Service)",
        (after - before) / store.size());
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
