package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --exclude-namespaces}: pods of those namespaces are left out of the map on both ends, and
 * counted.
 */
class ExcludedNamespacesTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness(Map.of("NETMAPPER_EXCLUDE_NAMESPACES", "monitoring, kube-system"));
    h.deploymentPod("shop", "cart", "10.244.2.10", Map.of());
    h.deploymentPod("shop", "redis", "10.244.2.11", Map.of());
    h.deploymentPod("monitoring", "prometheus", "10.244.5.10", Map.of());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void edgesTouchingAnExcludedNamespace_areCountedNotStored_othersAreKept() {
    Instant now = Instant.now();
    h.connections(
        MapperHarness.syn("10.244.5.10", "10.244.2.10", 8080, now), // scrape: excluded client
        MapperHarness.syn("10.244.2.10", "10.244.5.10", 9090, now), // excluded server
        MapperHarness.syn("10.244.2.10", "10.244.2.11", 6379, now));
    h.awaitIntent(edge("cart", "redis"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.metrics()
                    .contains(
                        "netmapper_mapper_observations_unresolved_total{kind=\"connection\",reason=\"excluded_namespace\"} 2.0"));
    assertThat(h.intents())
        .noneMatch(
            i ->
                i.getClient().getWorkload().getNamespace().equals("monitoring")
                    || i.getServer().getWorkload().getNamespace().equals("monitoring"));
  }

  @Test
  void aBadNamespaceName_isAStartupError() {
    assertThatThrownBy(
            () ->
                MapperConfig.parse(
                    new String[] {"--exclude-namespaces", "ok,Not_A_Namespace"}, Map.of()))
        .hasMessageContaining("'Not_A_Namespace' is not a namespace name");
  }
}
