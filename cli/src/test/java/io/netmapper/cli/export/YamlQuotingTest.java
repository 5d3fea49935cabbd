package io.netmapper.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.map.Edge;
import io.netmapper.cli.map.Endpoint;
import io.netmapper.cli.map.ServiceMap;
import io.netmapper.cli.testing.CrdSchemas;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Names that YAML 1.1/1.2 would read as numbers, booleans or null stay strings (the CRD wants
 * strings).
 */
class YamlQuotingTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"123", "true", "null", "on", "no", "0x1f", "1e3", "0o17", "~", "1_000", "12:30"})
  void ambiguousNames_roundTripAsStrings(String name) throws Exception {
    Endpoint.Workload client = new Endpoint.Workload(name, name, "Deployment");
    ExportResult r =
        new ClientIntentsBuilder(OutputVersion.V2, false)
            .build(
                ServiceMap.of(
                    List.of(Edge.between(client, new Endpoint.Workload(name, "other", "")))));

    String yaml = IntentsWriter.write(r.documents(), ExportFormat.YAML);
    JsonNode doc = CrdSchemas.yamlDocuments(yaml).get(0);

    assertThat(doc.get("metadata").get("name").isString()).as(yaml).isTrue();
    assertThat(doc.get("metadata").get("name").asString()).isEqualTo(name);
    assertThat(doc.get("metadata").get("namespace").asString()).isEqualTo(name);
    assertThat(doc.get("spec").get("targets").get(0).get("kubernetes").get("name").asString())
        .isEqualTo(name + ".other");
    assertThat(CrdSchemas.load().validate("v2beta1", doc, true)).isEmpty();
  }
}
