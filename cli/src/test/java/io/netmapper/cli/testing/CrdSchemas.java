package io.netmapper.cli.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The real ClientIntents CRD (a copy with its provenance in the test resources' {@code crds/},
 * carried to other modules by this module's test-jar), one JSON Schema (draft 4) per version.
 * {@code strict} additionally forbids properties the schema does not declare (the API server would
 * silently prune them).
 */
public final class CrdSchemas {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private final Map<String, JsonNode> schemas;

  private CrdSchemas(Map<String, JsonNode> schemas) {
    this.schemas = schemas;
  }

  static final String RESOURCE = "/crds/k8s.otterize.com_clientintents.yaml";

  public static CrdSchemas load() throws IOException {
    JsonNode crd;
    try (InputStream in = CrdSchemas.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "the ClientIntents CRD " + RESOURCE + " is not on the test classpath");
      }
      crd = YAML.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Map<String, JsonNode> out = new java.util.HashMap<>();
    for (JsonNode version : crd.get("spec").get("versions")) {
      out.put(version.get("name").asString(), version.get("schema").get("openAPIV3Schema"));
    }
    return new CrdSchemas(out);
  }

  /**
   * Validation errors of {@code document} against {@code version} (e.g. "v2beta1"); empty when
   * valid.
   */
  public List<String> validate(String version, JsonNode document, boolean strict) {
    JsonNode schemaNode = schemas.get(version);
    if (schemaNode == null) {
      throw new IllegalArgumentException("no version " + version + " in " + RESOURCE);
    }
    if (strict) {
      schemaNode = closed(schemaNode.deepCopy());
    }
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaNode);
    List<String> messages = new ArrayList<>();
    for (Error e : schema.validate(document)) {
      messages.add(e.toString());
    }
    return messages;
  }

  /** Every object schema that lists properties gets additionalProperties: false. */
  private static JsonNode closed(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      if (obj.has("properties") && !obj.has("additionalProperties")) {
        obj.put("additionalProperties", false);
      }
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        closed(e.getValue());
      }
    } else if (node != null && node.isArray()) {
      node.forEach(CrdSchemas::closed);
    }
    return node;
  }

  public static List<JsonNode> yamlDocuments(String text) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    for (String part : text.split("(?m)^---\\s*$")) {
      if (!part.isBlank()) {
        docs.add(YAML.readTree(part));
      }
    }
    return docs;
  }
}
