package io.netmapper.testbed.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads scenarios: a YAML file, or a built-in one by name. */
public final class Scenarios {
  public static final List<String> BUILT_IN =
      List.of(
          "online-boutique",
          "short-lived",
          "long-lived",
          "services",
          "ip-reuse",
          "host-network",
          "ipv6",
          "external-cname",
          "owners",
          "latency");

  private static final ObjectMapper YAML =
      JsonMapper.builder(new YAMLFactory())
          .addModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private Scenarios() {}

  /** A path to a YAML file, or the name of a built-in scenario. */
  public static Scenario load(String fileOrName) {
    Path path = Path.of(fileOrName);
    try {
      if (Files.isRegularFile(path)) {
        try (InputStream in = Files.newInputStream(path)) {
          return YAML.readValue(in, Scenario.class);
        }
      }
      try (InputStream in =
          Scenarios.class.getResourceAsStream("/scenarios/" + fileOrName + ".yaml")) {
        if (in == null) {
          throw new IllegalArgumentException(
              "no scenario file or built-in scenario '"
                  + fileOrName
                  + "'; built-in: "
                  + String.join(", ", BUILT_IN));
        }
        return YAML.readValue(in, Scenario.class);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "scenario " + fileOrName + " is not valid: " + e.getMessage(), e);
    }
  }
}
