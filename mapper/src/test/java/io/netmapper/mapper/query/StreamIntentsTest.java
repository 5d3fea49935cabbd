package io.netmapper.mapper.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.ListIntentsResponse;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.mapper.server.MapperServer;
import io.netmapper.mapper.store.EdgeUpdate;
import io.netmapper.mapper.store.Evidence;
import io.netmapper.mapper.store.IntentStore;
import io.netmapper.mapper.store.IntentType;
import io.netmapper.mapper.store.Peer;
import io.netmapper.mapper.store.Workload;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StreamIntents over real gRPC (the mapper's Armeria server) on a map of a few thousand edges. */
class StreamIntentsTest {
  private static final int EDGES = 2_300;
  private final IntentStore store = new IntentStore();
  private MapperServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    for (int i = 0; i < EDGES; i++) {
      String ns = i % 2 == 0 ? "shop" : "billing";
      store.apply(
          new EdgeUpdate(
              new Peer.WorkloadPeer(new Workload(ns, "client-" + i, "Deployment", "apps/v1")),
              new Peer.WorkloadPeer(
                  new Workload("shop", i % 10 == 0 ? "db" : "api", "Deployment", "apps/v1")),
              IntentType.TCP,
              Evidence.SYN,
              1_000,
              2_000,
              1 + i % 4,
              8080,
              null,
              null,
              null,
              null,
              Map.of("team", "t" + i % 3),
              Map.of()));
    }
    server =
        new MapperServer(
            new InetSocketAddress("127.0.0.1", 0),
            16 << 20,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> null,
            new MapperService(store, () -> {}));
    server.start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  private MapperServiceGrpc.MapperServiceBlockingStub stub() {
    return MapperServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static List<String> keys(List<Intent> intents) {
    return intents.stream()
        .map(
            i ->
                i.getClient().getWorkload().getNamespace()
                    + "/"
                    + i.getClient().getWorkload().getName()
                    + "->"
                    + i.getServer().getWorkload().getName()
                    + " count="
                    + i.getCount()
                    + " labels="
                    + i.getClientLabelsMap())
        .sorted()
        .toList();
  }

  private List<Intent> streamed(ListIntentsRequest request, List<Integer> chunkSizes) {
    List<Intent> out = new ArrayList<>();
    Iterator<ListIntentsResponse> it = stub().streamIntents(request);
    it.forEachRemaining(
        chunk -> {
          chunkSizes.add(chunk.getIntentsCount());
          out.addAll(chunk.getIntentsList());
        });
    return out;
  }

  @Test
  void wholeMap_comesInChunksOfAtMostTheChunkSize_sameIntentsAsListIntents() {
    ListIntentsRequest all = ListIntentsRequest.newBuilder().addIncludeLabels("team").build();
    List<Integer> chunks = new ArrayList<>();
    List<Intent> streamed = streamed(all, chunks);
    assertThat(streamed).hasSize(EDGES);
    assertThat(chunks).hasSizeGreaterThanOrEqualTo(EDGES / IntentStream.CHUNK);
    assertThat(chunks).allMatch(n -> n > 0 && n <= IntentStream.CHUNK);
    assertThat(keys(streamed)).isEqualTo(keys(stub().listIntents(all).getIntentsList()));
  }

  @Test
  void filters_areTheSameAsListIntents() {
    ListIntentsRequest filtered =
        ListIntentsRequest.newBuilder()
            .addNamespaces("shop")
            .addServers("db.shop")
            .addExcludeLabels("team=t1")
            .build();
    List<Intent> streamed = streamed(filtered, new ArrayList<>());
    List<Intent> listed = stub().listIntents(filtered).getIntentsList();
    assertThat(listed).isNotEmpty().hasSizeLessThan(EDGES / 10);
    assertThat(keys(streamed)).isEqualTo(keys(listed));
  }

  @Test
  void badServerName_isInvalidArgument() {
    assertThatThrownBy(
            () ->
                stub()
                    .streamIntents(ListIntentsRequest.newBuilder().addServers("nodot").build())
                    .hasNext())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }
}
