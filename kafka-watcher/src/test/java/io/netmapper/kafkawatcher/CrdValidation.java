package io.netmapper.kafkawatcher;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Validates a document against the real ClientIntents CRD in ../shared/crds (draft 4, as the CLI's tests do). */
final class CrdValidation {
  private CrdValidation() { }

  static List<String> validate(String version, JsonNode document) throws Exception {
    Path crd = Path.of(System.getProperty("netmapper.crd.dir", "../../shared/crds"))
        .resolve("k8s.otterize.com_clientintents.yaml");
    JsonNode root = YAMLMapper.builder().build().readTree(Files.readString(crd));
    for (JsonNode v : root.get("spec").get("versions")) {
      if (v.get("name").asString().equals(version)) {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(v.get("schema").get("openAPIV3Schema"));
        List<String> errors = new ArrayList<>();
        for (Error e : schema.validate(document)) {
          errors.add(e.toString());
        }
        return errors;
      }
    }
    throw new IllegalArgumentException("no version " + version + " in " + crd);
  }
}
