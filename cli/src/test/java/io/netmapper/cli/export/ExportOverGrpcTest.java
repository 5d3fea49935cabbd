package io.netmapper.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.CrdSchemas;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.Golden;
import io.netmapper.cli.testing.SampleIntents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code netmapper export} against a real gRPC MapperService on loopback; every document is
 * validated against the real ClientIntents CRD (test resources crds/), loosely (as the API server
 * would) and strictly (no property the schema does not declare).
 */
class ExportOverGrpcTest {
  static CrdSchemas crd;

  @TempDir Path home;
  @TempDir Path work;
  FakeMapper mapper;
  CliRunner cli;

  @BeforeAll
  static void loadCrd() throws Exception {
    crd = CrdSchemas.load();
  }

  @BeforeEach
  void start() throws Exception {
    mapper = new FakeMapper(SampleIntents.all());
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() throws Exception {
    mapper.close();
  }

  @ParameterizedTest(name = "{0} {1} as-service={2}")
  @CsvSource({
    "v2, yaml, false, v2beta1, export-v2.yaml",
    "v2, yaml, true,  v2beta1, export-v2-services.yaml",
    "v1, yaml, false, v1alpha3, export-v1.yaml",
    "v1, yaml, true,  v1alpha3, export-v1-services.yaml",
    "v2, json, false, v2beta1, export-v2.json",
    "v1, json, false, v1alpha3, export-v1.json"
  })
  void export_matchesGolden_andEveryDocumentValidatesAgainstTheCrd(
      String version, String format, boolean asService, String crdVersion, String golden)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "--mapper-url",
                mapper.url(),
                "--output-version",
                version,
                "--format",
                format));
    if (asService) {
      args.add("--as-kubernetes-service");
    }
    CliRunner.Result r = cli.run(args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Golden.assertMatches(golden, r.out());
    List<JsonNode> docs = parse(r.out(), format);
    assertThat(docs).hasSize(4); // frontend, orders, catalog, report-job; ingress has no client
    for (JsonNode doc : docs) {
      assertThat(doc.get("apiVersion").asString()).isEqualTo("k8s.otterize.com/" + crdVersion);
      assertThat(crd.validate(crdVersion, doc, false)).as("CRD %s: %s", crdVersion, doc).isEmpty();
      assertThat(crd.validate(crdVersion, doc, true))
          .as("CRD %s strict: %s", crdVersion, doc)
          .isEmpty();
    }
    assertThat(r.err())
        .contains("warning: skipped 1 Internet ingress edge(s)")
        .contains("warning: skipped 1 edge(s) whose server the mapper could not identify")
        .contains("warning: left out HTTP method(s) HEAD: not allowed by the ClientIntents CRD");
  }

  @Test
  void v2_coversEveryTargetKind() throws Exception {
    CliRunner.Result r = cli.run("export", "--mapper-url", mapper.url());
    String out = r.out();
    assertThat(out)
        .contains(
            "    - kubernetes:\n        name: orders\n        kind: Deployment\n        http:\n")
        .contains("    - kubernetes:\n        name: catalog.catalog\n        kind: Deployment\n")
        .contains("    - kafka:\n        name: kafka.kafka\n")
        .contains("    - kubernetes:\n        name: kubernetes.default\n")
        .contains(
            "    - internet:\n        domains:\n          - api.stripe.com\n        ips:\n          - 203.0.113.10\n"
                + "        ports:\n          - 443\n")
        .contains(
            "    - aws:\n        arn: arn:aws:s3:::shop-invoices\n        actions:\n          - s3:GetObject\n"
                + "          - s3:PutObject\n");
    assertThat(cli.run("export", "--mapper-url", mapper.url(), "--as-kubernetes-service").out())
        .contains("    - service:\n        name: orders\n")
        .contains("    - service:\n        name: catalog-api.catalog\n");
  }

  @Test
  void singleFile_writesAllDocumentsSeparatedByDashes() throws Exception {
    Path file = work.resolve("intents.yaml");
    CliRunner.Result r = cli.run("export", "--mapper-url", mapper.url(), "-o", file.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Wrote 4 ClientIntents to " + file);
    String text = Files.readString(file);
    assertThat(text).isEqualTo(cli.run("export", "--mapper-url", mapper.url()).out());
    assertThat(text.split("(?m)^---$")).hasSize(4);
  }

  @Test
  void dir_writesOneFilePerClient_namedWorkloadDotNamespace() throws Exception {
    Path dir = work.resolve("out/intents");
    CliRunner.Result r =
        cli.run(
            "export", "--mapper-url", mapper.url(), "-o", dir.toString(), "--output-type", "dir");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly(
              "catalog.catalog.yaml",
              "frontend.shop.yaml",
              "orders.shop.yaml",
              "report-job.batch.yaml");
    }
    for (String name :
        List.of(
            "catalog.catalog.yaml",
            "frontend.shop.yaml",
            "orders.shop.yaml",
            "report-job.batch.yaml")) {
      List<JsonNode> docs = CrdSchemas.yamlDocuments(Files.readString(dir.resolve(name)));
      assertThat(docs).hasSize(1);
      assertThat(crd.validate("v2beta1", docs.get(0), true)).isEmpty();
      assertThat(name)
          .startsWith(
              docs.get(0).get("metadata").get("name").asString()
                  + "."
                  + docs.get(0).get("metadata").get("namespace").asString());
    }
  }

  @Test
  void validator_rejectsADocumentMissingRequiredMethods_soTheChecksAboveCanFail() throws Exception {
    JsonNode bad =
        CrdSchemas.yamlDocuments(
                """
        apiVersion: k8s.otterize.com/v2beta1
        kind: ClientIntents
        metadata: {name: a, namespace: b}
        spec:
          workload: {name: a}
          targets:
          - kubernetes:
              name: c
              http:
              - path: /x
          - kafka:
              name: k
              topics:
              - name: t
                operations: [write]
        """)
            .get(0);
    assertThat(crd.validate("v2beta1", bad, false)).hasSizeGreaterThanOrEqualTo(2);
    JsonNode unknownField =
        CrdSchemas.yamlDocuments(
                """
        apiVersion: k8s.otterize.com/v1alpha3
        kind: ClientIntents
        metadata: {name: a}
        spec:
          service: {name: a}
          calls:
          - name: c
            httpResources: []
        """)
            .get(0);
    assertThat(crd.validate("v1alpha3", unknownField, false)).isEmpty();
    assertThat(crd.validate("v1alpha3", unknownField, true)).isNotEmpty();
  }

  private static List<JsonNode> parse(String text, String format) throws Exception {
    if (format.equals("json")) {
      JsonNode array = JsonMapper.builder().build().readTree(text);
      assertThat(array.isArray()).isTrue();
      List<JsonNode> docs = new ArrayList<>();
      array.forEach(docs::add);
      return docs;
    }
    return CrdSchemas.yamlDocuments(text);
  }
}
