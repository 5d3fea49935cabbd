package io.netmapper.cli.export;

import java.util.Locale;

/**
 * {@code --format}: YAML documents separated by {@code ---}, or one JSON array; or NetworkPolicies.
 */
public enum ExportFormat {
  YAML,
  JSON,
  /** networking.k8s.io/v1 NetworkPolicies (YAML) instead of ClientIntents. */
  NETWORKPOLICY;

  String extension() {
    return this == NETWORKPOLICY ? "yaml" : toString();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
