package io.netmapper.testbed.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netmapper.common.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

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
          "latency",
          "latency-burst",
          "accuracy",
          "strict-cluster");

  private static final ObjectMapper YAML =
      JsonMapper.builder(new YAMLFactory())
          .addModule(
              new SimpleModule()
                  .addDeserializer(
                      Duration.class,
                      new JsonDeserializer<>() {
                        // the product's one duration syntax: 500ms, 8s, 2m or ISO-8601 (PT8S)
                        @Override
                        public Duration deserialize(JsonParser p, DeserializationContext ctxt)
                            throws IOException {
                          try {
                            return Durations.parse(p.getValueAsString());
                          } catch (IllegalArgumentException e) {
                            return (Duration)
                                ctxt.handleWeirdStringValue(
                                    Duration.class, p.getValueAsString(), e.getMessage());
                          }
                        }
                      }))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private Scenarios() {}

  /**
   * A path to a YAML file, or the name of a built-in scenario; a scenario with problems is refused
   * with every problem and its line (see {@link ScenarioLinter}).
   */
  public static Scenario load(String fileOrName) {
    String text = text(fileOrName);
    List<ScenarioLinter.Problem> problems = ScenarioLinter.check(text);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "scenario "
              + fileOrName
              + " is not valid:\n"
              + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    }
    try {
      return parse(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "scenario " + fileOrName + " is not valid: " + e.getMessage(), e);
    }
  }

  /** The YAML of a file, or of a built-in scenario. */
  public static String text(String fileOrName) {
    Path path = Path.of(fileOrName);
    try {
      if (Files.isRegularFile(path)) {
        return Files.readString(path, StandardCharsets.UTF_8);
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
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario " + fileOrName + ": " + e, e);
    }
  }

  static Scenario parse(String yaml) throws IOException {
    Scenario s = YAML.readValue(yaml, Scenario.class);
    if (s == null) {
      throw com.fasterxml.jackson.databind.JsonMappingException.from(
          (JsonParser) null, "the scenario is empty");
    }
    return s;
  }
}
