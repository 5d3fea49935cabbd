package io.netmapper.istiowatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.api.v1.HttpAccess;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.istiowatcher.testing.EnvoyStats;
import io.netmapper.istiowatcher.testing.FakeSidecar;
import io.netmapper.testkit.AdjustableClock;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watcher against real parts: pods in fabric8's mock API server (CRUD) whose istio-proxy
 * container points at real HTTP servers on loopback, serving Envoy stats pages that change between
 * scrapes. What is reported is captured where the mapper would receive it.
 */
class SidecarsToReportsTest {
  KubernetesMockServer server;
  NamespacedKubernetesClient client;
  PrometheusMeterRegistry registry;
  IstioWatcher watcher;
  final AdjustableClock clock = new AdjustableClock();
  final List<HttpAccessReport> sent = new CopyOnWriteArrayList<>();
  final List<FakeSidecar> sidecars = new java.util.ArrayList<>();

  @BeforeEach
  void start() {
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
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  void startWatcher() {
    IstioWatcherConfig config =
        IstioWatcherConfig.parse(
            new String[] {
              "--istio-scrape-interval", "PT0.2S", "--istio-scrape-timeout", "PT0.5S",
              "--istio-max-response-bytes", "262144", "--istio-scrape-concurrency", "3"
            },
            Map.of());
    watcher = new IstioWatcher(config, registry, sent::add, client, clock);
    watcher.start();
    await().atMost(Duration.ofSeconds(10)).until(watcher::healthy);
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
    sidecars.forEach(FakeSidecar::close);
    client.close();
    server.destroy();
  }

  FakeSidecar sidecar(EnvoyStats page) throws Exception {
    FakeSidecar s = new FakeSidecar().serve(page);
    sidecars.add(s);
    return s;
  }

  /** A meshed pod whose sidecar's stats port (http-envoy-prom) is the given loopback port. */
  Pod meshedPod(String ns, String name, int statsPort, boolean withProxy) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withLabels(Map.of("app", name, "security.istio.io/tlsMode", "istio"))
            .withCreationTimestamp(Instant.now().minusSeconds(3600).toString())
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("example/app:1")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP("127.0.0.1")
            .endStatus();
    if (withProxy) {
      b.editSpec()
          .addNewContainer()
          .withName("istio-proxy")
          .withImage("istio/proxyv2:1.24")
          .addNewPort()
          .withName("http-envoy-prom")
          .withContainerPort(statsPort)
          .endPort()
          .endContainer()
          .endSpec();
    }
    return client.pods().inNamespace(ns).resource(b.build()).create();
  }

  long total(String method, String path) {
    long n = 0;
    for (HttpAccessReport r : sent) {
      for (HttpAccess a : r.getAccessesList()) {
        if (a.getMethod().equals(method) && a.getPath().equals(path)) {
          n += a.getSeen().getCount();
        }
      }
    }
    return n;
  }

  double metric(String name, String... tags) {
    var search = registry.find(name).tags(tags);
    if (search.counter() != null) {
      return search.counter().count();
    }
    return search.gauge() == null ? -1 : search.gauge().value();
  }

  static EnvoyStats catalogPage(long uptime, long products, long cart) {
    EnvoyStats p =
        EnvoyStats.page()
            .uptime(uptime)
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
                products);
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
    return p;
  }

  @Test
  void baselineThenIncreasesNewSeriesResetsAndRestarts_reportOnlyTrafficThatHappened()
      throws Exception {
    FakeSidecar catalog = sidecar(catalogPage(3600, 1000, 0));
    meshedPod("shop", "catalog-0", catalog.port(), true);
    startWatcher();
    await().atMost(Duration.ofSeconds(10)).until(() -> catalog.requests() >= 3);
    // the baseline: a thousand requests of unknown age are not reported
    assertThat(sent).isEmpty();
    assertThat(metric("netmapper.istiowatcher.series.tracked")).isEqualTo(1.0);

    catalog.serve(catalogPage(3602, 1003, 2));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> total("POST", "/api/cart/\"items\".v2/caf\u00e9") == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("GET", "/api/products") == 3);
    HttpAccess a = sent.get(0).getAccesses(0);
    assertThat(a.getSourceWorkload()).isEqualTo("web");
    assertThat(a.getDestinationWorkload()).isEqualTo("catalog");
    assertThat(a.getDestinationService()).isEqualTo("catalog");
    assertThat(a.getDestinationNamespace()).isEqualTo("shop");

    // one series goes down (a counter reset): only its new value is traffic
    catalog.serve(catalogPage(3604, 4, 2));
    await().atMost(Duration.ofSeconds(10)).until(() -> total("GET", "/api/products") == 7);

    // a sidecar answering 503 for a while keeps its counters: nothing is lost or counted twice
    // after
    catalog.status(503);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> metric("netmapper.istiowatcher.scrape.failures", "reason", "http_status") >= 2);
    assertThat(total("GET", "/api/products")).isEqualTo(7);

    // the sidecar restarts (uptime 1 s): what the new process counted is new, nothing before
    catalog.serve(
        catalogPage(1, 5, 0)
            .requests(
                "destination",
                "shop",
                "web",
                "shop",
                "catalog",
                "catalog",
                "DELETE",
                "/api/cart/1",
                200,
                1));
    await().atMost(Duration.ofSeconds(10)).until(() -> total("DELETE", "/api/cart/1") == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("GET", "/api/products") == 12);
    // a few more scrapes of the same page report nothing more
    double scrapes = metric("netmapper.istiowatcher.scrapes");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> metric("netmapper.istiowatcher.scrapes") >= scrapes + 3);
    assertThat(total("GET", "/api/products")).isEqualTo(12);
    assertThat(total("POST", "/api/cart/\"items\".v2/caf\u00e9")).isEqualTo(2);
    assertThat(metric("netmapper.istiowatcher.counter.resets", "kind", "decrease")).isEqualTo(1.0);
    assertThat(metric("netmapper.istiowatcher.counter.resets", "kind", "restart")).isEqualTo(1.0);
    assertThat(metric("netmapper.istiowatcher.scrapes")).isGreaterThan(5);
    assertThat(registry.scrape())
        .contains("netmapper_istiowatcher_accesses_reported_total")
        .contains("netmapper_istiowatcher_sidecars 1.0");
  }

  @Test
  void sidecarThatStartsAfterTheWatcher_isReportedOnItsFirstScrape_andDeletedPodsAreForgotten()
      throws Exception {
    startWatcher();
    // Envoy's uptime has whole seconds: this sidecar starts clearly after the watcher
    clock.advance(Duration.ofSeconds(2));
    FakeSidecar payments =
        sidecar(
            EnvoyStats.page()
                .uptime(0)
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
                    4));
    meshedPod("pay", "payments-0", payments.port(), true);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("PUT", "/charge") == 4);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> metric("netmapper.istiowatcher.series.tracked") == 1.0);
    client.pods().inNamespace("pay").withName("payments-0").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metric("netmapper.istiowatcher.series.tracked") == 0.0
                    && metric("netmapper.istiowatcher.sidecars") == 0.0);
  }

  @Test
  void standaloneHealthAndMetrics_followTheWatcher() throws Exception {
    meshedPod("shop", "catalog-0", sidecar(catalogPage(3600, 1, 0)).port(), true);
    IstioWatcherConfig config =
        IstioWatcherConfig.parse(new String[] {"--istio-scrape-interval", "PT0.2S"}, Map.of());
    watcher = new IstioWatcher(config, registry, sent::add, client, Clock.systemUTC());
    try (io.netmapper.common.health.HealthServer health =
        new io.netmapper.common.health.HealthServer(
            IstioWatcher.COMPONENT,
            "127.0.0.1",
            0,
            watcher::healthy,
            watcher::healthText,
            registry::scrape)) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.URI healthz = java.net.URI.create("http://127.0.0.1:" + health.port() + "/healthz");
      java.net.URI metrics = java.net.URI.create("http://127.0.0.1:" + health.port() + "/metrics");
      var before =
          http.send(
              java.net.http.HttpRequest.newBuilder(healthz).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(before.body()).startsWith("starting");
      watcher.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> metric("netmapper.istiowatcher.scrapes") >= 1);
      var after =
          http.send(
              java.net.http.HttpRequest.newBuilder(healthz).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).isEqualTo("ok\nsidecars 1\nseries tracked 1\nbuffered batches 0\n");
      String scraped =
          http.send(
                  java.net.http.HttpRequest.newBuilder(metrics).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(scraped)
          .contains("netmapper_istiowatcher_scrapes_total")
          .contains("netmapper_istiowatcher_sidecars 1.0")
          .contains("netmapper_istiowatcher_series_tracked 1.0");
    }
  }

  @Test
  void badSidecars_areCountedBySkipReason_andNeverStopTheOthers() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    meshedPod("bad", "unreachable-0", closed, true);
    meshedPod("bad", "slow-0", sidecar(EnvoyStats.page()).delay(3_000).port(), true);
    meshedPod(
        "bad",
        "html-0",
        sidecar(EnvoyStats.page())
            .serve("<html><body>upstream connect error</body></html>\n")
            .port(),
        true);
    meshedPod(
        "bad",
        "huge-0",
        sidecar(EnvoyStats.page()).serve("envoy_x 1\n".repeat(40_000)).port(),
        true);
    meshedPod("bad", "no-proxy-0", 1, false);
    FakeSidecar good =
        sidecar(
            EnvoyStats.page()
                .uptime(7200)
                .requests(
                    "destination",
                    "shop",
                    "web",
                    "shop",
                    "catalog",
                    "catalog",
                    "GET",
                    "/ok",
                    200,
                    1)
                .raw("istio_requests_total{request_method=\"GET\",request_path=\"/broken} 1")
                .raw("istio_requests_total{reporter=\"destination\",response_code=\"200\"} 9")
                .requests(
                    "destination",
                    "shop",
                    "web",
                    "shop",
                    "catalog",
                    "catalog",
                    "BREW",
                    "/pot",
                    200,
                    1));
    meshedPod("shop", "catalog-0", good.port(), true);
    startWatcher();
    await().atMost(Duration.ofSeconds(15)).until(() -> good.requests() >= 3);
    good.serve(
        EnvoyStats.page()
            .uptime(7210)
            .requests(
                "destination", "shop", "web", "shop", "catalog", "catalog", "GET", "/ok", 200, 3)
            .requests(
                "destination",
                "shop",
                "web",
                "shop",
                "catalog",
                "catalog",
                "BREW",
                "/pot",
                200,
                2));
    await().atMost(Duration.ofSeconds(10)).until(() -> total("GET", "/ok") == 2);
    // an unknown method is the mapper's to judge (counted there): the watcher passes it on
    await().atMost(Duration.ofSeconds(10)).until(() -> total("BREW", "/pot") == 1);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                metric("netmapper.istiowatcher.scrape.failures", "reason", "timeout") >= 1
                    && metric("netmapper.istiowatcher.scrape.failures", "reason", "connect") >= 1
                    && metric("netmapper.istiowatcher.scrape.failures", "reason", "not_prometheus")
                        >= 1
                    && metric("netmapper.istiowatcher.scrape.failures", "reason", "too_large")
                        >= 1);
    assertThat(metric("netmapper.istiowatcher.lines.malformed", "reason", "bad_labels"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metric("netmapper.istiowatcher.series.skipped", "reason", "missing_request_tags"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metric("netmapper.istiowatcher.sidecars"))
        .isEqualTo(5.0); // the pod without istio-proxy is no sidecar
    assertThat(watcher.healthText()).startsWith("ok\n").contains("sidecars 5");
  }
}
