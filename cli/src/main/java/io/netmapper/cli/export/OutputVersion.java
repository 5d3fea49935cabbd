package io.netmapper.cli.export;

import java.util.Locale;

/** {@code --output-version}: v2 ({@code k8s.otterize.com/v2beta1}) or v1 ({@code v1alpha3}). */
public enum OutputVersion {
  V2,
  V1;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
