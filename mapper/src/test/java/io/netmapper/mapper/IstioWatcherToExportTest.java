package io.netmapper.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.api.v1.HttpResource;
import io.netmapper.api.v1.Intent;
import io.netmapper.cli.Cli;
import io.netmapper.cli.CliContext;
import io.netmapper.cli.testing.CrdSchemas;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.istiowatcher.IstioWatcher;
import io.netmapper.istiowatcher.IstioWatcherConfig;
import io.netmapper.istiowatcher.testing.EnvoyStats;
import io.netmapper.istiowatcher.testing.FakeSidecar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * End to end with the Istio watcher running inside the real mapper ({@code
 * NETMAPPER_ISTIO_ENABLED}): meshed pods in fabric8's mock API server whose istio-proxy stats ports
 * are real HTTP servers on loopback serving Envoy pages that change between scrapes → in-process
 * ReportService → resolution by canonical name / owner walk → ListIntents → the CLI's {@code list}
 * and {@code export}, whose {@code http} entries validate against the real ClientIntents CRD.
 */
class IstioWatcherToExportTest {
  MapperHarness h;
  final List<FakeSidecar> sidecars = new ArrayList<>();

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    sidecars.forEach(FakeSidecar::close);
  }

  FakeSidecar sidecar(EnvoyStats page) throws Exception {
    FakeSidecar s = new FakeSidecar().serve(page);
    sidecars.add(s);
    return s;
  }

  /**
   * Deployment → ReplicaSet → Pod with an injected istio-proxy whose stats port is the sidecar's.
   */
  void meshedDeployment(
      String ns, String deployment, Map<String, String> labels, FakeSidecar sidecar) {
    h.namespace(ns);
    String rs = deployment + "-5c9d7f8b6";
    h.client
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
    h.client
        .apps()
        .replicaSets()
        .inNamespace(ns)
        .resource(
            new ReplicaSetBuilder()
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
    Map<String, String> all = new HashMap<>(labels);
    all.put("security.istio.io/tlsMode", "istio");
    h.client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(rs + "-x7k2p")
                .withLabels(all)
                .withCreationTimestamp(Instant.now().minusSeconds(7200).toString())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(rs)
                .withController(true)
                .withUid(UUID.randomUUID().toString())
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName(MapperHarness.NODE)
                .addNewContainer()
                .withName("main")
                .withImage("example/" + deployment + ":1")
                .endContainer()
                .addNewContainer()
                .withName("istio-proxy")
                .withImage("istio/proxyv2:1.24")
                .addNewPort()
                .withName("http-envoy-prom")
                .withContainerPort(sidecar.port())
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .endStatus()
                .build())
        .create();
  }

  static EnvoyStats catalogPage(long products, long cart, long items, long head) {
    EnvoyStats p =
        EnvoyStats.page()
            .uptime(7000)
            .requests(
                "destination",
                "shop",
                "web",
                "shop",
                "catalog",
                "catalog",
                "GET",
                "/api/products",
                200,
                products)
            .requests(
                "destination",
                "shop",
                "web",
                "shop",
                "catalog",
                "catalog",
                "GET",
                "/old-only",
                200,
                40)
            .requests(
                "destination",
                "shop",
                "unknown",
                "shop",
                "catalog",
                "catalog",
                "GET",
                "/from-outside",
                200,
                9);
    if (cart > 0) {
      p.requests(
          "destination",
          "shop",
          "web",
          "shop",
          "catalog",
          "catalog",
          "POST",
          "/api/cart/\"items\".v2/caf\u00e9",
          201,
          cart);
    }
    if (items > 0) {
      p.requests(
          "destination",
          "shop",
          "web",
          "shop",
          "catalog",
          "catalog",
          "GET",
          "/v1.2/items/a.b.json",
          200,
          items);
    }
    if (head > 0) {
      p.requests(
          "destination", "shop", "web", "shop", "catalog", "catalog", "HEAD", "/health", 200, head);
    }
    return p;
  }

  static Map<String, List<String>> http(Intent i) {
    return i.getHttpList().stream()
        .collect(Collectors.toMap(HttpResource::getPath, HttpResource::getMethodsList));
  }

  @Test
  void envoyStatsChangingAcrossScrapes_becomeHttpIntents_listedAndExportedValidAgainstTheCrd()
      throws Exception {
    FakeSidecar catalog = sidecar(catalogPage(500, 0, 0, 0));
    FakeSidecar payments =
        sidecar(
            EnvoyStats.page()
                .uptime(7000)
                .requests(
                    "destination",
                    "shop",
                    "cart",
                    "pay",
                    "payments",
                    "payments",
                    "PUT",
                    "/charge",
                    200,
                    70));
    h =
        new MapperHarness(
            Map.of(
                "NETMAPPER_ISTIO_ENABLED",
                "true",
                "NETMAPPER_ISTIO_SCRAPE_INTERVAL",
                "PT0.2S",
                "NETMAPPER_ISTIO_SCRAPE_TIMEOUT",
                "PT1S"));
    meshedDeployment(
        "shop",
        "frontend-v2",
        Map.of("app", "frontend", "service.istio.io/canonical-name", "web"),
        sidecar(EnvoyStats.page().uptime(7000)));
    meshedDeployment("shop", "catalog", Map.of("app", "catalog"), catalog);
    meshedDeployment(
        "shop", "cart", Map.of("app", "cart"), sidecar(EnvoyStats.page().uptime(7000)));
    meshedDeployment("pay", "payments", Map.of("app", "payments"), payments);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> catalog.requests() >= 3 && payments.requests() >= 3);
    assertThat(h.intents()).as("the baseline is not traffic").noneMatch(i -> i.getHttpCount() > 0);

    catalog.serve(catalogPage(503, 2, 1, 4));
    payments.serve(
        EnvoyStats.page()
            .uptime(7001)
            .requests(
                "destination",
                "shop",
                "cart",
                "pay",
                "payments",
                "payments",
                "PUT",
                "/charge",
                200,
                71));
    Intent web =
        h.awaitIntent(MapperHarness.edge("frontend-v2", "catalog").and(i -> i.getHttpCount() == 3));
    assertThat(http(web))
        .containsOnly(
            Map.entry("/api/products", List.of("GET")),
            Map.entry("/api/cart/\"items\".v2/caf\u00e9", List.of("POST")),
            Map.entry("/v1.2/items/a.b.json", List.of("GET")));
    assertThat(web.getServiceNamesList()).containsExactly("catalog.shop");
    Intent charge = h.awaitIntent(MapperHarness.edge("cart", "payments"));
    assertThat(http(charge)).containsOnly(Map.entry("/charge", List.of("PUT")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.metrics()
                    .contains(
                        "netmapper_mapper_observations_rejected_total{kind=\"http\",reason=\"unknown_method\"} 1.0"));
    assertThat(h.metrics())
        .contains("netmapper_istiowatcher_scrapes_total")
        .contains("netmapper_istiowatcher_sidecars 4.0")
        .containsPattern("netmapper_istiowatcher_series_tracked [1-9]")
        .containsPattern("netmapper_istiowatcher_reports_sent_total [1-9]");

    Path home = Files.createTempDirectory("netmapper-cli");
    String mapperUrl = "127.0.0.1:" + h.mapper.port();
    StringWriter listed = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.run(
            new CliContext(
                Map.of("PATH", "/usr/bin:/bin"),
                home,
                new PrintWriter(listed, true),
                new PrintWriter(err, true)),
            "list",
            "--mapper-url",
            mapperUrl);
    assertThat(code).as(err.toString()).isZero();
    assertThat(listed.toString())
        .contains("path /api/products, methods: GET")
        .contains("path /api/cart/\"items\".v2/caf\u00e9, methods: POST")
        .contains("path /charge, methods: PUT")
        .doesNotContain("/old-only")
        .doesNotContain("/from-outside")
        .doesNotContain("/health");

    StringWriter out = new StringWriter();
    code =
        Cli.run(
            new CliContext(
                Map.of("PATH", "/usr/bin:/bin"),
                home,
                new PrintWriter(out, true),
                new PrintWriter(err, true)),
            "export",
            "--mapper-url",
            mapperUrl,
            "--format",
            "json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode docs = new ObjectMapper().readTree(out.toString());
    CrdSchemas crd = CrdSchemas.load();
    Map<String, JsonNode> byClient = new HashMap<>();
    for (JsonNode d : docs) {
      byClient.put(d.get("metadata").get("name").asString(), d);
      assertThat(crd.validate("v2beta1", d, true)).as(d.toString()).isEmpty();
    }
    JsonNode frontend = byClient.get("frontend-v2");
    assertThat(frontend).as(out.toString()).isNotNull();
    Map<String, List<String>> exported = new HashMap<>();
    for (JsonNode t : frontend.get("spec").get("targets")) {
      JsonNode target = t.has("kubernetes") ? t.get("kubernetes") : t.get("service");
      assertThat(target.get("name").asString()).startsWith("catalog");
      for (JsonNode e : target.get("http")) {
        List<String> methods = new ArrayList<>();
        e.get("methods").forEach(m -> methods.add(m.asString()));
        exported.put(e.get("path").asString(), methods);
      }
    }
    assertThat(exported)
        .containsOnly(
            Map.entry("/api/products", List.of("GET")),
            Map.entry("/api/cart/\"items\".v2/caf\u00e9", List.of("POST")),
            Map.entry("/v1.2/items/a.b.json", List.of("GET")));
    assertThat(byClient.get("cart").toString()).contains("\"/charge\"").contains("payments");
  }

  @Test
  void standaloneWatcher_reportsOverGrpc_toTheMapper() throws Exception {
    h = new MapperHarness();
    FakeSidecar orders =
        sidecar(
            EnvoyStats.page()
                .uptime(7000)
                .requests(
                    "destination",
                    "shop",
                    "cart",
                    "shop",
                    "orders",
                    "orders",
                    "POST",
                    "/orders",
                    201,
                    30));
    meshedDeployment(
        "shop", "cart", Map.of("app", "cart"), sidecar(EnvoyStats.page().uptime(7000)));
    meshedDeployment("shop", "orders", Map.of("app", "orders"), orders);
    IstioWatcherConfig config =
        IstioWatcherConfig.parse(
            new String[] {
              "--mapper-address",
              "127.0.0.1:" + h.mapper.port(),
              "--istio-scrape-interval",
              "PT0.2S"
            },
            Map.of());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (GrpcReportSender sender =
            new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
        IstioWatcher watcher =
            new IstioWatcher(config, registry, sender, h.client, Clock.systemUTC())) {
      watcher.start();
      await().atMost(Duration.ofSeconds(15)).until(() -> orders.requests() >= 3);
      orders.serve(
          EnvoyStats.page()
              .uptime(7001)
              .requests(
                  "destination",
                  "shop",
                  "cart",
                  "shop",
                  "orders",
                  "orders",
                  "POST",
                  "/orders",
                  201,
                  33));
      Intent i = h.awaitIntent(MapperHarness.edge("cart", "orders"));
      assertThat(http(i)).containsOnly(Map.entry("/orders", List.of("POST")));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.scrape().contains("netmapper_istiowatcher_reports_sent_total 1.0"));
    }
  }
}
