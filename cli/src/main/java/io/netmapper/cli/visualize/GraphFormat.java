package io.netmapper.cli.visualize;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** {@code visualize --format}: png, jpg/jpeg, svg or dot. */
public enum GraphFormat {
  PNG,
  /** Otterize's visualize writes JPEG too; Graphviz knows both spellings. */
  JPG,
  JPEG,
  SVG,
  DOT;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** From the file name: .png, .svg, .dot or .gv. */
  static Optional<GraphFormat> fromExtension(Path file) {
    String name =
        file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return Optional.of(PNG);
    }
    if (name.endsWith(".jpg")) {
      return Optional.of(JPG);
    }
    if (name.endsWith(".jpeg")) {
      return Optional.of(JPEG);
    }
    if (name.endsWith(".svg")) {
      return Optional.of(SVG);
    }
    if (name.endsWith(".dot") || name.endsWith(".gv")) {
      return Optional.of(DOT);
    }
    return Optional.empty();
  }
}
