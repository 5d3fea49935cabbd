package io.netmapper.cli.export;

import java.util.Locale;

/** {@code --format}: YAML documents separated by {@code ---}, or one JSON array. */
public enum ExportFormat {
  YAML,
  JSON;

  String extension() {
    return toString();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
