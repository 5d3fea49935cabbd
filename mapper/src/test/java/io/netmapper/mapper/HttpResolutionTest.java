package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netmapper.api.v1.Evidence;
import io.netmapper.api.v1.HttpAccess;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.api.v1.HttpResource;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.mapper.resolve.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Istio HTTP accesses → HTTP intents between workloads named the way Istio names them. */
class HttpResolutionTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    // canonical name differs from the Deployment's name: Istio reports "web", the map says
    // "frontend-v2"
    h.deploymentPod(
        "shop",
        "frontend-v2",
        "10.244.4.10",
        Map.of("app", "frontend", "service.istio.io/canonical-name", "web"));
    h.deploymentPod("shop", "catalog", "10.244.4.20", Map.of("app", "catalog"));
    h.deploymentPod("shop", "cart", "10.244.4.30", Map.of("app", "cart"));
    h.deploymentPod("pay", "payments", "10.244.5.10", Map.of("app", "payments"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static HttpAccess access(
      String srcNs,
      String src,
      String dstNs,
      String dst,
      String service,
      String method,
      String path) {
    return HttpAccess.newBuilder()
        .setSeen(seen(Instant.now()))
        .setSourceNamespace(srcNs)
        .setSourceWorkload(src)
        .setDestinationNamespace(dstNs)
        .setDestinationWorkload(dst)
        .setDestinationService(service)
        .setMethod(method)
        .setPath(path)
        .build();
  }

  ReportAck report(HttpAccess... accesses) {
    return h.reports()
        .reportHttpAccesses(
            HttpAccessReport.newBuilder()
                .setHeader(h.header())
                .addAllAccesses(List.of(accesses))
                .build());
  }

  static Map<String, List<String>> http(Intent i) {
    return i.getHttpList().stream()
        .collect(Collectors.toMap(HttpResource::getPath, HttpResource::getMethodsList));
  }

  @Test
  void canonicalNameAndOwnerWalk_bothResolve_methodsUpperCased_pathsKeepEveryCharacter() {
    ReportAck ack =
        report(
            access("shop", "web", "shop", "catalog", "catalog", "get", "/api/products"),
            access("shop", "web", "shop", "catalog", "catalog", "POST", "/api/products"),
            access(
                "shop",
                "web",
                "shop",
                "catalog",
                "catalog.shop.svc.cluster.local",
                "GET",
                "/v1.2/items/a.b.json"),
            access("shop", "web", "shop", "catalog", "", "Delete", "/q/\"quoted\"/caf\u00e9"));
    assertThat(ack.getAccepted()).isEqualTo(4);
    Intent i = h.awaitIntent(edge("frontend-v2", "catalog").and(x -> x.getHttpCount() == 3));
    assertThat(i.getType()).isEqualTo(IntentType.INTENT_TYPE_HTTP);
    assertThat(i.getEvidenceList()).containsExactly(Evidence.EVIDENCE_ISTIO);
    assertThat(i.getClient().getWorkload().getKind()).isEqualTo("Deployment");
    assertThat(i.getServiceNamesList()).containsExactly("catalog.shop");
    assertThat(http(i))
        .containsOnly(
            Map.entry("/api/products", List.of("GET", "POST")),
            Map.entry("/v1.2/items/a.b.json", List.of("GET")),
            Map.entry("/q/\"quoted\"/caf\u00e9", List.of("DELETE")));
  }

  @Test
  void crossNamespaceCall_resolvesByOwnerWalkName() {
    report(access("shop", "cart", "pay", "payments", "payments", "PUT", "/charge"));
    Intent i = h.awaitIntent(edge("cart", "payments").and(x -> http(x).containsKey("/charge")));
    assertThat(i.getServer().getWorkload().getNamespace()).isEqualTo("pay");
    assertThat(i.getServiceNamesList()).containsExactly("payments.pay");
    assertThat(http(i)).containsEntry("/charge", List.of("PUT"));
  }

  @Test
  void unknownMethodsAndUnmeshedPeers_areCountedAndSkipped_theRestOfTheBatchIsApplied() {
    ReportAck ack =
        report(
            access("shop", "cart", "shop", "catalog", "catalog", "HEAD", "/skip-head"),
            access("shop", "cart", "shop", "catalog", "catalog", "BREW", "/skip-brew"),
            access("shop", "unknown", "shop", "catalog", "catalog", "GET", "/skip-unknown"),
            access("shop", "cart", "shop", "catalog", "catalog", "PATCH", "/cart/items"));
    assertThat(ack.getAccepted()).isEqualTo(1);
    Intent i = h.awaitIntent(edge("cart", "catalog"));
    assertThat(http(i)).containsOnly(Map.entry("/cart/items", List.of("PATCH")));
    assertThat(h.metrics())
        .contains(
            "netmapper_mapper_observations_rejected_total{kind=\"http\",reason=\"unknown_method\"} 2.0")
        .contains(
            "netmapper_mapper_observations_rejected_total{kind=\"http\",reason=\"unknown_workload\"} 1.0");
  }

  @Test
  void badEntries_areRejectedByField_validOnesStillApplied() {
    assertThatThrownBy(
            () ->
                report(
                    access("", "cart", "pay", "payments", "", "GET", "/a"),
                    access("shop", "cart", "pay", "", "", "GET", "/a"),
                    access("shop", "cart", "pay", "payments", "", "GET", ""),
                    access("shop", "cart", "pay", "payments", "", "GET", "no-slash"),
                    access("shop", "cart", "pay", "payments", "", "", "/a"),
                    access("shop", "cart", "pay", "payments", "", "POST", "/refund")))
        .hasMessageContaining("5 of 6 entries rejected (the other 1 were applied)")
        .hasMessageContaining("accesses[0].source_namespace")
        .hasMessageContaining("accesses[1].destination_workload")
        .hasMessageContaining("accesses[2].path")
        .hasMessageContaining("accesses[3].path");
    h.awaitIntent(edge("cart", "payments").and(x -> http(x).containsKey("/refund")));
  }

  @Test
  void workloadNotYetInTheCache_isRetriedUntilItAppears() throws Exception {
    report(access("shop", "late", "shop", "catalog", "catalog", "GET", "/late"));
    Thread.sleep(300);
    assertThat(h.intents()).noneMatch(i -> http(i).containsKey("/late"));
    h.deploymentPod("shop", "late", "10.244.4.99", Map.of("app", "late"));
    Intent i = h.awaitIntent(x -> http(x).containsKey("/late"));
    assertThat(i.getClient().getWorkload().getName()).isEqualTo("late");
  }

  @Test
  void workloadNeverSeen_isCountedUnresolvedAfterThePendingTime() {
    report(access("shop", "ghost", "shop", "catalog", "catalog", "GET", "/ghost"));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                h.metrics()
                    .contains(
                        "netmapper_mapper_observations_unresolved_total{kind=\"http\",reason=\"http_source_workload_unknown\"} 1.0"));
    assertThat(h.intents()).noneMatch(i -> http(i).containsKey("/ghost"));
  }

  @Test
  void everyCrdMethod_isAccepted_inAnyCase_othersAreNot() {
    for (String m :
        List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "CONNECT")) {
      assertThat(Observation.Http.intentMethod(m.toLowerCase(java.util.Locale.ROOT))).isEqualTo(m);
    }
    for (String m : List.of("HEAD", "PROPFIND", "", "G ET")) {
      assertThat(Observation.Http.intentMethod(m)).as(m).isNull();
    }
  }
}
