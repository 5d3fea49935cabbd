package io.netmapper.cli.export;

import java.util.List;

/** The documents built from a map, plus what was left out and why (printed to stderr). */
record ExportResult(List<IntentsDocument> documents, List<String> warnings) {
  ExportResult {
    documents = List.copyOf(documents);
    warnings = List.copyOf(warnings);
  }
}
