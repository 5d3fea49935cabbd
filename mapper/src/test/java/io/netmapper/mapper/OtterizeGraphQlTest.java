package io.netmapper.mapper;

import static io.netmapper.mapper.GraphQlClient.contract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmapper.mapper.GraphQlClient.Answer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The otterize CLI's and Otterize's reporters' operation documents, sent unchanged to a real
 * mapper's {@code /query} (fabric8 CRUD API server, real HTTP), answers checked against Otterize's
 * schema by {@link SchemaConformance}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OtterizeGraphQlTest {
  static final String CLI = contract("cli-operations.graphql");
  static final String REPORTERS = contract("reporter-operations.graphql");
  static MapperHarness h;
  static GraphQlClient gql;
  static final SchemaConformance schema = new SchemaConformance();

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    OtterizeCluster.create(h);
    gql = new GraphQlClient(h.mapper.port());
    // the traffic, as Otterize's sniffer and watchers report it
    for (OtterizeCluster.Report r : OtterizeCluster.otterizeReports(Instant.now())) {
      Answer a = gql.send(r.document(), r.operation(), r.variables());
      assertThat(a.errors()).as(r.operation() + " " + a.body()).isEmpty();
      assertThat(a.data().path(r.operation()).asBoolean()).isTrue();
      assertThat(schema.problems(r.document(), r.operation(), a.data())).isEmpty();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> h.intents().size() >= OtterizeCluster.EXPECTED_EDGES);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  Answer cli(String operation, Map<String, Object> variables) {
    Answer a = gql.send(CLI, operation, variables);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.errors()).as(a.body().toString()).isEmpty();
    assertThat(schema.problems(CLI, operation, a.data())).isEmpty();
    return a;
  }

  static Map<String, Object> vars(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static List<String> pairs(JsonNode intents) {
    List<String> out = new ArrayList<>();
    intents.forEach(
        i ->
            out.add(
                i.path("client").path("name").asString()
                    + "."
                    + i.path("client").path("namespace").asString()
                    + "->"
                    + i.path("server").path("name").asString()
                    + "."
                    + i.path("server").path("namespace").asString()
                    + ":"
                    + i.path("type").asString("TCP")));
    return out;
  }

  @Test
  @Order(1)
  void health_isTrueOnceReady() {
    Answer a = gql.send(REPORTERS, "Health", Map.of());
    assertThat(a.errors()).isEmpty();
    assertThat(a.data().path("health").asBoolean()).isTrue();
    assertThat(schema.problems(REPORTERS, "Health", a.data())).isEmpty();
  }

  @Test
  @Order(2)
  void serviceIntentsUpToMapperV017_listsEachClientWithItsServers() {
    JsonNode si =
        cli("ServiceIntentsUpToMapperV017", vars("namespaces", List.of("shop")))
            .data()
            .path("serviceIntents");
    Map<String, List<String>> byClient = new HashMap<>();
    si.forEach(
        e -> {
          List<String> servers = new ArrayList<>();
          e.path("intents").forEach(s -> servers.add(s.path("name").asString()));
          byClient.put(e.path("client").path("name").asString(), servers);
        });
    assertThat(byClient).containsOnlyKeys("frontend", "orders");
    assertThat(byClient.get("frontend")).containsExactly("cart");
    assertThat(byClient.get("orders")).containsExactlyInAnyOrder("cart", "kafka");
    // every client is in the namespace asked for
    si.forEach(e -> assertThat(e.path("client").path("namespace").asString()).isEqualTo("shop"));
  }

  @Test
  @Order(3)
  void serviceIntentsWithLabels_returnsOnlyTheLabelsAskedFor() {
    JsonNode si =
        cli("ServiceIntentsWithLabels", vars("namespaces", null, "includedLabels", List.of("team")))
            .data()
            .path("serviceIntents");
    JsonNode frontend = null;
    for (JsonNode e : si) {
      if (e.path("client").path("name").asString().equals("frontend")) {
        frontend = e;
      }
    }
    assertThat(frontend).isNotNull();
    assertThat(frontend.path("client").path("labels").toString())
        .isEqualTo("[{\"key\":\"team\",\"value\":\"web\"}]");
    assertThat(frontend.path("client").path("podOwnerKind").toString())
        .isEqualTo("{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"}");
    JsonNode cart = frontend.path("intents").path(0);
    assertThat(cart.path("name").asString()).isEqualTo("cart");
    assertThat(cart.path("kubernetesService").asString()).isEqualTo("cart");
    assertThat(cart.path("labels").toString()).isEqualTo("[{\"key\":\"team\",\"value\":\"cart\"}]");
  }

  @Test
  @Order(4)
  void intents_withoutFilters_givesEveryWorkloadAndAwsEdgeWithItsDetails() {
    JsonNode intents =
        cli(
                "Intents",
                vars(
                    "namespaces",
                    null,
                    "includedLabels",
                    null,
                    "excludeServiceWithLabels",
                    null,
                    "server",
                    null))
            .data()
            .path("intents");
    assertThat(pairs(intents))
        .contains(
            "frontend.shop->cart.shop:HTTP",
            "orders.shop->cart.shop:TCP",
            "orders.shop->kafka.kafka:KAFKA",
            "orders.shop->arn:aws:s3:::receipts/*.:AWS");
    for (JsonNode i : intents) {
      String type = i.path("type").asString("");
      if (type.equals("KAFKA")) {
        assertThat(i.path("kafkaTopics").toString())
            .isEqualTo("[{\"name\":\"orders\",\"operations\":[\"PRODUCE\"]}]");
      }
      if (type.equals("HTTP")) {
        assertThat(i.path("httpResources").toString())
            .isEqualTo("[{\"path\":\"/api/cart\",\"methods\":[\"GET\",\"POST\"]}]");
      }
    }
  }

  @Test
  @Order(5)
  void intents_filters_namespacesServerAndExcludedLabels() {
    assertThat(pairs(cli("Intents", vars("namespaces", List.of("kafka"))).data().path("intents")))
        .isEmpty();
    // server: every intent of the clients that call it (netmapper's documented semantics)
    List<String> callersOfKafka =
        pairs(
            cli("Intents", vars("server", Map.of("name", "kafka", "namespace", "kafka")))
                .data()
                .path("intents"));
    assertThat(callersOfKafka).isNotEmpty().allMatch(p -> p.startsWith("orders.shop->"));
    List<String> withoutWeb =
        pairs(
            cli("Intents", vars("excludeServiceWithLabels", List.of("team=web")))
                .data()
                .path("intents"));
    assertThat(withoutWeb).noneMatch(p -> p.startsWith("frontend."));
    assertThat(withoutWeb).anyMatch(p -> p.startsWith("orders."));
  }

  @Test
  @Order(6)
  void intents_includeAllLabels_returnsEveryLabel() {
    String doc =
        "query { intents(includeAllLabels: true) { client { name labels { key value } } } }";
    Answer a = gql.send(doc, null, Map.of());
    assertThat(a.errors()).isEmpty();
    assertThat(schema.problems(doc, null, a.data())).isEmpty();
    JsonNode frontend = null;
    for (JsonNode i : a.data().path("intents")) {
      if (i.path("client").path("name").asString().equals("frontend")) {
        frontend = i;
      }
    }
    assertThat(frontend.path("client").path("labels").toString())
        .isEqualTo(
            "[{\"key\":\"app\",\"value\":\"frontend\"},{\"key\":\"team\",\"value\":\"web\"}]");
  }

  @Test
  @Order(7)
  void unsupportedReports_answerAnErrorNamingTheMutation() {
    Answer gcp =
        gql.send(
            REPORTERS,
            "reportGCPOperation",
            vars(
                "operation",
                List.of(
                    Map.of(
                        "resource",
                        "projects/p/buckets/b",
                        "permissions",
                        List.of("storage.objects.get"),
                        "srcIp",
                        "10.244.1.30"))));
    assertThat(gcp.status()).isEqualTo(200);
    assertThat(gcp.firstError()).contains("reportGCPOperation is not supported");
    Answer azure =
        gql.send(
            REPORTERS,
            "reportAzureOperation",
            vars(
                "operation",
                List.of(
                    Map.of(
                        "scope", "/subscriptions/s",
                        "actions", List.of("a"),
                        "dataActions", List.of(),
                        "clientName", "orders",
                        "clientNamespace", "shop"))));
    assertThat(azure.firstError()).contains("reportAzureOperation is not supported");
    Answer traffic =
        gql.send(
            REPORTERS,
            "reportTrafficLevelResults",
            vars(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcIP",
                            "10.244.1.30",
                            "dstIP",
                            "10.244.1.20",
                            "bytesSent",
                            10,
                            "flows",
                            1)))));
    assertThat(traffic.firstError()).contains("reportTrafficLevelResults is not supported");
  }

  @Test
  @Order(8)
  void badEntries_areRefusedByFieldAndCounted_othersApplied() {
    Map<String, Object> good =
        Map.of(
            "destination",
            "10.244.1.20",
            "destinationPort",
            8080,
            "lastSeen",
            Instant.now().toString(),
            "srcPorts",
            List.of(51000));
    Map<String, Object> noPort =
        Map.of("destination", "10.244.1.20", "lastSeen", Instant.now().toString());
    Answer a =
        gql.send(
            REPORTERS,
            "reportTCPCaptureResults",
            vars(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcIp",
                            "10.244.1.10",
                            "srcHostname",
                            "frontend-abc",
                            "destinations",
                            List.of(good, noPort))))));
    assertThat(a.firstError())
        .contains("reportTCPCaptureResults")
        .contains("1 of 2 entries rejected")
        .contains("connections[1].server_port");
    assertThat(h.metrics())
        .contains(
            "netmapper_mapper_observations_rejected_total{kind=\"connection\",reason=\"bad_port\"}");
    h.awaitIntent(MapperHarness.edge("frontend", "cart").and(i -> i.getPortsList().contains(8080)));
  }

  @Test
  @Order(9)
  void badTime_isAGraphQlError() {
    Answer a =
        gql.send(
            REPORTERS,
            "reportKafkaMapperResults",
            vars(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcIp", "10.244.1.30",
                            "serverPodName", "kafka-0",
                            "serverNamespace", "kafka",
                            "topic", "orders",
                            "operation", "Write",
                            "lastSeen", "yesterday")))));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.firstError()).contains("RFC 3339");
    assertThat(a.data().isNull() || a.data().isMissingNode()).isTrue();
  }

  @Test
  @Order(10)
  void malformedDocuments_getGraphQlErrors_neverACrash() {
    assertThat(gql.send("query { intents { client { name } ", null, Map.of()).firstError())
        .containsIgnoringCase("invalid syntax");
    assertThat(gql.send("query { intents { nope } }", null, Map.of()).firstError())
        .contains("nope");
    assertThat(gql.send("query { health }", "Missing", Map.of()).firstError())
        .containsIgnoringCase("Missing");
    // huge document: over the size limit, refused by the parser
    String huge = "query { " + "health ".repeat(20_000) + "}";
    Answer big = gql.send(huge, null, Map.of());
    assertThat(big.status()).isEqualTo(200);
    assertThat(big.errors()).isNotEmpty();
    // deep nesting: refused, no StackOverflowError
    String deep = "query { intents " + "{ client ".repeat(5_000) + "}".repeat(5_001) + " }";
    Answer d = gql.send(deep, null, Map.of());
    assertThat(d.errors()).isNotEmpty();
    // aliases multiplying one cheap field: over the complexity limit
    StringBuilder aliases = new StringBuilder("query {");
    for (int i = 0; i < 300; i++) {
      aliases.append(" a").append(i).append(": intents { client { name } }");
    }
    Answer wide = gql.send(aliases.append(" }").toString(), null, Map.of());
    assertThat(wide.errors()).isNotEmpty();
    assertThat(wide.firstError()).containsIgnoringCase("complexity");
    // not GraphQL at all
    assertThat(gql.raw("{\"query\": 42}").status()).isEqualTo(400);
    assertThat(gql.raw("not json").status()).isEqualTo(400);
    assertThat(gql.raw("[".repeat(100_000)).status()).isEqualTo(400);
    assertThat(gql.request(HttpRequest.newBuilder(gql.uri()).GET().build()).status())
        .isEqualTo(405);
    // still serving
    assertThat(gql.send(REPORTERS, "Health", Map.of()).data().path("health").asBoolean()).isTrue();
    assertThat(h.metrics())
        .contains("netmapper_mapper_graphql_requests_total{outcome=\"bad_request\"}");
  }

  @Test
  @Order(20)
  void resetCapture_forgetsTheMap() {
    Answer a = gql.send(CLI, "ResetCapture", Map.of());
    assertThat(a.errors()).isEmpty();
    assertThat(a.data().path("resetCapture").asBoolean()).isTrue();
    assertThat(schema.problems(CLI, "ResetCapture", a.data())).isEmpty();
    assertThat(h.intents()).isEmpty();
    assertThat(cli("Intents", Map.of()).data().path("intents").size()).isZero();
  }
}
