package io.netmapper.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.map.Edge;
import io.netmapper.cli.map.Endpoint;
import io.netmapper.cli.map.ServiceMap;
import io.netmapper.cli.testing.CrdSchemas;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Edge cases of the edge → ClientIntents mapping; every document still validates against the CRD.
 */
class ClientIntentsBuilderTest {
  static CrdSchemas crd;
  static final Endpoint.Workload CLIENT = new Endpoint.Workload("app", "team-a", "");
  static final Endpoint.Workload BROKER = new Endpoint.Workload("broker", "team-a", "StatefulSet");

  @BeforeAll
  static void load() throws Exception {
    crd = CrdSchemas.load();
  }

  private static Edge edge(
      Endpoint server,
      Map<String, Set<String>> http,
      Map<String, Set<String>> kafka,
      Set<String> services) {
    TreeMap<String, SortedSet<String>> h = new TreeMap<>();
    http.forEach((k, v) -> h.put(k, new TreeSet<>(v)));
    TreeMap<String, SortedSet<String>> k = new TreeMap<>();
    kafka.forEach((n, v) -> k.put(n, new TreeSet<>(v)));
    return new Edge(
        CLIENT,
        server,
        new TreeSet<>(List.of(8080)),
        h,
        k,
        new TreeSet<>(),
        new TreeSet<>(services),
        1);
  }

  private static List<JsonNode> export(OutputVersion version, boolean asService, Edge... edges)
      throws Exception {
    ExportResult result =
        new ClientIntentsBuilder(version, asService).build(ServiceMap.of(List.of(edges)));
    List<JsonNode> docs =
        CrdSchemas.yamlDocuments(IntentsWriter.write(result.documents(), ExportFormat.YAML));
    String crdVersion = version == OutputVersion.V2 ? "v2beta1" : "v1alpha3";
    for (JsonNode doc : docs) {
      assertThat(crd.validate(crdVersion, doc, true)).as(doc.toString()).isEmpty();
    }
    return docs;
  }

  @ParameterizedTest
  @EnumSource(OutputVersion.class)
  void kafkaOperations_areMappedOntoTheEnum_caseInsensitively_andUnknownOnesDropped(OutputVersion v)
      throws Exception {
    ClientIntentsBuilder builder = new ClientIntentsBuilder(v, false);
    ExportResult r =
        builder.build(
            ServiceMap.of(
                List.of(
                    edge(
                        BROKER,
                        Map.of(),
                        Map.of("orders", Set.of("Describe", "PRODUCE", "describeconfigs", "write")),
                        Set.of()))));

    String yaml = IntentsWriter.write(r.documents(), ExportFormat.YAML);
    assertThat(yaml)
        .contains("- produce\n")
        .contains("- describe\n")
        .contains("- DescribeConfigs\n")
        .doesNotContain("write")
        .doesNotContain("Describe\n");
    assertThat(r.warnings())
        .contains("left out Kafka operation(s) write: not allowed by the ClientIntents CRD");
    export(
        v, false, edge(BROKER, Map.of(), Map.of("orders", Set.of("Describe", "write")), Set.of()));
  }

  @ParameterizedTest
  @EnumSource(OutputVersion.class)
  void emptyMethodsAndOperations_areStillWritten_becauseTheCrdRequiresThem(OutputVersion v)
      throws Exception {
    List<JsonNode> docs =
        export(
            v,
            false,
            edge(BROKER, Map.of("/health", Set.of("HEAD")), Map.of("events", Set.of()), Set.of()));

    String text = docs.get(0).toString();
    assertThat(text).contains("\"methods\":[]").contains("\"operations\":[]");
  }

  @Test
  void kafkaServerWithHttpToo_getsBothTargets() throws Exception {
    List<JsonNode> docs =
        export(
            OutputVersion.V2,
            false,
            edge(
                BROKER,
                Map.of("/metrics", Set.of("GET")),
                Map.of("orders", Set.of("consume")),
                Set.of()));

    JsonNode targets = docs.get(0).get("spec").get("targets");
    assertThat(targets).hasSize(2);
    assertThat(targets.get(0).has("kafka")).isTrue();
    assertThat(targets.get(1).get("kubernetes").get("http").get(0).get("path").asString())
        .isEqualTo("/metrics");
  }

  @Test
  void serviceNamesWithANamespace_areUsedAsTheyAre_andEachServiceIsATarget() throws Exception {
    List<JsonNode> docs =
        export(
            OutputVersion.V2,
            true,
            edge(
                new Endpoint.Workload("db", "data", "StatefulSet"),
                Map.of(),
                Map.of(),
                Set.of("db-primary", "db-ro.data")));

    JsonNode targets = docs.get(0).get("spec").get("targets");
    assertThat(targets.toString())
        .isEqualTo(
            "[{\"service\":{\"name\":\"db-primary.data\"}},{\"service\":{\"name\":\"db-ro.data\"}}]");
  }

  @Test
  void workloadWithoutKind_hasNoKindField() throws Exception {
    List<JsonNode> docs =
        export(
            OutputVersion.V2,
            false,
            edge(new Endpoint.Workload("web", "team-a", ""), Map.of(), Map.of(), Set.of()));

    assertThat(docs.get(0).get("spec").toString())
        .isEqualTo(
            "{\"workload\":{\"name\":\"app\"},\"targets\":[{\"kubernetes\":{\"name\":\"web\"}}]}");
  }

  @Test
  void ingressOnlyMap_exportsNothing_andSaysWhy() {
    ExportResult r =
        new ClientIntentsBuilder(OutputVersion.V2, false)
            .build(
                ServiceMap.of(
                    List.of(
                        Edge.between(
                            new Endpoint.Internet(List.of(), List.of("192.0.2.1")), CLIENT))));

    assertThat(r.documents()).isEmpty();
    assertThat(IntentsWriter.write(r.documents(), ExportFormat.JSON)).isEqualTo("[ ]\n");
    assertThat(IntentsWriter.write(r.documents(), ExportFormat.YAML)).isEmpty();
    assertThat(r.warnings())
        .singleElement()
        .asString()
        .startsWith("skipped 1 Internet ingress edge(s)");
  }
}
