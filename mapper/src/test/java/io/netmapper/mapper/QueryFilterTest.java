package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.syn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.ResetIntentsRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Query filters (Otterize semantics), ordering and reset. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryFilterTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    h.deploymentPod("shop", "frontend", "10.244.7.10", Map.of("app", "frontend", "tier", "web"));
    h.deploymentPod("shop", "cart", "10.244.7.11", Map.of("app", "cart", "tier", "backend"));
    h.deploymentPod("shop", "catalog", "10.244.7.12", Map.of("app", "catalog", "tier", "backend"));
    h.deploymentPod(
        "billing", "invoicer", "10.244.7.20", Map.of("app", "invoicer", "team", "finance"));
    h.deploymentPod(
        "billing",
        "ledger",
        "10.244.7.21",
        Map.of("app", "ledger", "team", "finance", "sidecar", "true"));
    h.connections(
        syn("10.244.7.10", "10.244.7.11", 8080),
        syn("10.244.7.10", "10.244.7.12", 8080),
        syn("10.244.7.11", "10.244.7.12", 8080),
        syn("10.244.7.20", "10.244.7.21", 5432),
        syn("10.244.7.20", "10.244.7.11", 8080));
    h.awaitIntent(edge("frontend", "cart"));
    h.awaitIntent(edge("frontend", "catalog"));
    h.awaitIntent(edge("cart", "catalog"));
    h.awaitIntent(edge("invoicer", "ledger"));
    h.awaitIntent(edge("invoicer", "cart"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static List<String> edges(List<Intent> intents) {
    return intents.stream()
        .map(
            i ->
                i.getClient().getWorkload().getName()
                    + "->"
                    + i.getServer().getWorkload().getName())
        .toList();
  }

  @Test
  void noFilter_listsEverything_inStableOrder() {
    assertThat(edges(h.intents()))
        .containsExactly(
            "invoicer->ledger",
            "invoicer->cart",
            "cart->catalog",
            "frontend->cart",
            "frontend->catalog");
  }

  @Test
  void namespaces_filterOnTheClientNamespace() {
    assertThat(edges(h.intents(ListIntentsRequest.newBuilder().addNamespaces("billing").build())))
        .containsExactly("invoicer->ledger", "invoicer->cart");
  }

  @Test
  void server_keepsEveryIntentOfTheClientsThatCallIt() {
    assertThat(
            edges(h.intents(ListIntentsRequest.newBuilder().addServers("ledger.billing").build())))
        .containsExactly("invoicer->ledger", "invoicer->cart");
    assertThat(edges(h.intents(ListIntentsRequest.newBuilder().addServers("catalog.shop").build())))
        .containsExactly("cart->catalog", "frontend->cart", "frontend->catalog");
  }

  @Test
  void excludeLabels_dropIntentsWhoseClientOrServerMatches() {
    assertThat(
            edges(h.intents(ListIntentsRequest.newBuilder().addExcludeLabels("sidecar").build())))
        .containsExactly("invoicer->cart", "cart->catalog", "frontend->cart", "frontend->catalog");
    assertThat(
            edges(h.intents(ListIntentsRequest.newBuilder().addExcludeLabels("tier=web").build())))
        .containsExactly("invoicer->ledger", "invoicer->cart", "cart->catalog");
    assertThat(
            edges(h.intents(ListIntentsRequest.newBuilder().addExcludeLabels("tier=nope").build())))
        .hasSize(5);
  }

  @Test
  void includeLabels_returnOnlyTheAskedLabels() {
    Intent i =
        h.intents(
                ListIntentsRequest.newBuilder()
                    .addNamespaces("billing")
                    .addIncludeLabels("team")
                    .addIncludeLabels("missing")
                    .build())
            .get(0);
    assertThat(i.getClientLabelsMap()).containsExactly(Map.entry("team", "finance"));
    assertThat(i.getServerLabelsMap()).containsExactly(Map.entry("team", "finance"));
    assertThat(h.intents().get(0).getClientLabelsMap()).isEmpty();
  }

  @Test
  void includeAllLabels_returnsEveryLabelOfBothEnds() {
    Intent i =
        h
            .intents(
                ListIntentsRequest.newBuilder()
                    .addServers("ledger.billing")
                    .setIncludeAllLabels(true)
                    .build())
            .stream()
            .filter(x -> x.getServer().getWorkload().getName().equals("ledger"))
            .findFirst()
            .orElseThrow();
    assertThat(i.getClientLabelsMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app", "invoicer", "team", "finance"));
    assertThat(i.getServerLabelsMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("app", "ledger", "team", "finance", "sidecar", "true"));
  }

  @Test
  void filtersCombine() {
    assertThat(
            edges(
                h.intents(
                    ListIntentsRequest.newBuilder()
                        .addNamespaces("shop")
                        .addServers("catalog.shop")
                        .addExcludeLabels("tier=web")
                        .build())))
        .containsExactly("cart->catalog");
  }

  @Test
  void malformedFilters_areInvalidArguments() {
    assertThatThrownBy(
            () -> h.intents(ListIntentsRequest.newBuilder().addServers("ledger").build()))
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("name.namespace");
    assertThatThrownBy(
            () -> h.intents(ListIntentsRequest.newBuilder().addExcludeLabels("=x").build()))
        .hasMessageContaining("INVALID_ARGUMENT");
  }

  @Test
  @Order(Integer.MAX_VALUE) // runs last: it empties the shared map
  void reset_forgetsEverythingSeenSoFar() {
    assertThat(h.queries().resetIntents(ResetIntentsRequest.getDefaultInstance()).getForgotten())
        .isEqualTo(5);
    assertThat(h.intents()).isEmpty();
    h.connections(syn("10.244.7.10", "10.244.7.11", 8080));
    assertThat(edges(List.of(h.awaitIntent(edge("frontend", "cart")))))
        .containsExactly("frontend->cart");
    assertThat(h.intents()).hasSize(1);
  }
}
