package io.netmapper.mapper.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.api.v1.Reporter;
import io.netmapper.mapper.kube.KubeCache;
import io.netmapper.mapper.kube.OwnerResolver;
import io.netmapper.mapper.metrics.MapperMetrics;
import io.netmapper.mapper.resolve.ResolutionPipeline;
import io.netmapper.mapper.resolve.Resolver;
import io.netmapper.mapper.resolve.ResolverSettings;
import io.netmapper.mapper.store.IntentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over capacity: RESOURCE_EXHAUSTED with the agreed trailer, nothing applied; capacity comes back
 * as batches are answered. The group commit is a future the test completes.
 */
class OverCapacityTest {
  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          new HashMap<>(),
          new KubernetesMixedDispatcher(new HashMap<>()),
          false);
  private NamespacedKubernetesClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.destroy();
  }

  static final class Answer implements StreamObserver<ReportAck> {
    ReportAck ack;
    Throwable error;

    @Override
    public void onNext(ReportAck value) {
      ack = value;
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }

  @Test
  void overCapacity_resourceExhaustedWithRetryAfterTrailer_nothingApplied_thenCapacityReturns() {
    server.init();
    client = server.createClient();
    Clock clock = Clock.systemUTC();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MapperMetrics metrics = new MapperMetrics(registry);
    KubeCache cache =
        new KubeCache(
            client,
            clock,
            Duration.ofMinutes(5),
            new OwnerResolver(client, clock, Duration.ofMinutes(10), Duration.ofMinutes(1)));
    Resolver resolver =
        new Resolver(
            cache, new ResolverSettings("cluster.local", List.of(), 2_000, 3_600_000, 1000, 1000));
    IntentStore store = new IntentStore();
    ResolutionPipeline pipeline =
        new ResolutionPipeline(resolver, store, metrics, clock, 60_000, 1000);
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    Durability held =
        () -> {
          CompletableFuture<Void> f = new CompletableFuture<>();
          commits.add(f);
          return f;
        };
    ReportService reports =
        new ReportService(
            pipeline,
            metrics,
            clock,
            new IngestLimits(10_000, 86_400_000, 300_000, 65_536, 3_600_000),
            store,
            held,
            new Capacity(2, 750));

    Answer first = send(reports, 1);
    Answer second = send(reports, 2);
    Answer third = send(reports, 3);
    assertThat(first.ack).isNull();
    assertThat(second.ack).isNull();
    assertThat(reports.inFlight()).isEqualTo(2);
    assertThat(third.error)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(
                      e.getTrailers()
                          .get(
                              Metadata.Key.of(
                                  ReportService.RETRY_AFTER_TRAILER,
                                  Metadata.ASCII_STRING_MARSHALLER)))
                  .isEqualTo("750");
            });
    assertThat(commits).hasSize(2); // the third was not applied, so it waits for no commit
    assertThat(
            registry
                .get("netmapper_mapper_batches_rejected")
                .tag("reason", "over_capacity")
                .counter()
                .count())
        .isEqualTo(1.0);

    commits.forEach(f -> f.complete(null));
    assertThat(first.ack.getSequence()).isEqualTo(1);
    assertThat(second.ack.getSequence()).isEqualTo(2);
    assertThat(reports.inFlight()).isZero();
    Answer retried = send(reports, 3);
    commits.get(2).complete(null);
    assertThat(retried.error).isNull();
    assertThat(retried.ack.getSequence()).isEqualTo(3);
    assertThat(retried.ack.getDuplicate()).isFalse();
  }

  private static Answer send(ReportService reports, long sequence) {
    Answer a = new Answer();
    reports.reportConnections(
        ConnectionReport.newBuilder()
            .setHeader(
                BatchHeader.newBuilder()
                    .setReporter(
                        Reporter.newBuilder()
                            .setComponent("sniffer")
                            .setNodeName("node-1")
                            .setInstanceId("i-1"))
                    .setSequence(sequence))
            .build(),
        a);
    return a;
  }
}
