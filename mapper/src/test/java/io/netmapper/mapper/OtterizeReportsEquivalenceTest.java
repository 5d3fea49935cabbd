package io.netmapper.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same traffic reported by Otterize's agents (GraphQL) to one mapper and by netmapper's own
 * reporters (gRPC) to another gives the same map, and the same ingest counters.
 */
class OtterizeReportsEquivalenceTest {

  @Test
  void mapFromOtterizeReports_equalsMapFromGrpcReports() {
    List<Intent> viaGraphQl;
    String graphQlMetrics;
    try (MapperHarness h = new MapperHarness()) {
      OtterizeCluster.create(h);
      GraphQlClient gql = new GraphQlClient(h.mapper.port());
      // pod IPs are owned from when the mapper saw them: report traffic seen after that
      for (OtterizeCluster.Report r : OtterizeCluster.otterizeReports(Instant.now())) {
        assertThat(gql.send(r.document(), r.operation(), r.variables()).errors()).isEmpty();
      }
      viaGraphQl = settled(h);
      graphQlMetrics = h.metrics();
    }
    List<Intent> viaGrpc;
    String grpcMetrics;
    try (MapperHarness h = new MapperHarness()) {
      OtterizeCluster.create(h);
      OtterizeCluster.grpcReports(h, Instant.now());
      viaGrpc = settled(h);
      grpcMetrics = h.metrics();
    }
    assertThat(viaGraphQl).hasSize(OtterizeCluster.EXPECTED_EDGES);
    assertThat(comparable(viaGraphQl)).isEqualTo(comparable(viaGrpc));
    for (String kind : List.of("dns", "connection", "kafka", "http", "aws")) {
      assertThat(received(graphQlMetrics, kind))
          .as(kind)
          .isEqualTo(received(grpcMetrics, kind))
          .isNotEmpty();
    }
  }

  private static List<Intent> settled(MapperHarness h) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> h.intents(ListIntentsRequest.newBuilder().setIncludeAllLabels(true).build()),
            l -> l.size() >= OtterizeCluster.EXPECTED_EDGES);
  }

  /** Each mapper saw its traffic at its own time (and Otterize's AWS reports carry none). */
  private static List<Intent> comparable(List<Intent> intents) {
    return intents.stream()
        .map(i -> i.toBuilder().clearFirstSeen().clearLastSeen().build())
        .toList();
  }

  private static String received(String metrics, String kind) {
    return metrics
        .lines()
        .filter(l -> l.startsWith("netmapper_mapper_observations_received_total{kind=\"" + kind))
        .findFirst()
        .orElse("");
  }
}
