package io.netmapper.cli.export;

import java.util.List;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Serializes ClientIntents: YAML documents separated by {@code ---}, or a pretty JSON array. */
final class IntentsWriter {
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(
              YAMLWriteFeature
                  .ALWAYS_QUOTE_NUMBERS_AS_STRINGS) // a workload named 123 stays a string
          .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private IntentsWriter() {}

  /** All documents: YAML joined by "---" lines, or one JSON array. */
  static String write(List<IntentsDocument> docs, ExportFormat format) {
    if (format == ExportFormat.JSON) {
      return JSON.writeValueAsString(docs) + "\n";
    }
    StringBuilder out = new StringBuilder();
    for (IntentsDocument doc : docs) {
      if (out.length() > 0) {
        out.append("---\n");
      }
      out.append(YAML.writeValueAsString(doc));
    }
    return out.toString();
  }

  /** One document on its own (for --output-type dir): a YAML document or a JSON object. */
  static String writeOne(IntentsDocument doc, ExportFormat format) {
    return format == ExportFormat.JSON
        ? JSON.writeValueAsString(doc) + "\n"
        : YAML.writeValueAsString(doc);
  }
}
