package io.netmapper.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stored expected outputs under src/test/resources/expected. Run with
 * -Dnetmapper.golden.update=true to rewrite them (then review the diff).
 */
public final class Golden {
  private Golden() {}

  public static void assertMatches(String name, String actual) throws IOException {
    if (Boolean.getBoolean("netmapper.golden.update")) {
      Path file = Path.of("src/test/resources/expected").resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      return;
    }
    try (InputStream in = Golden.class.getResourceAsStream("/expected/" + name)) {
      assertThat(in).as("golden file expected/%s exists", name).isNotNull();
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(actual).as("output vs expected/%s", name).isEqualTo(expected);
    }
  }
}
