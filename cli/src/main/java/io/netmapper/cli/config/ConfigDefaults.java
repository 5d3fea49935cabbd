package io.netmapper.cli.config;

import io.netmapper.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Defaults for every option, in this order: {@code NETMAPPER_<OPTION>} environment variable, then
 * the key {@code <option>} in {@code ~/.netmapper/config.yaml}, then the option's built-in default
 * (picocli falls back to it when this returns null). A flag on the command line beats all of them.
 *
 * <p>{@code --mapper-namespace} reads {@code NETMAPPER_MAPPER_NAMESPACE}, then {@code
 * OTTERIZE_MAPPER_NAMESPACE}, then {@code mapper-namespace}.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;
  private final Map<String, String> file;
  private final Path filePath;

  private ConfigDefaults(Map<String, String> env, Map<String, String> file, Path filePath) {
    this.env = env;
    this.file = file;
    this.filePath = filePath;
  }

  /** Reads {@code home/.netmapper/config.yaml} if it exists; a malformed file is a usage error. */
  public static ConfigDefaults load(Map<String, String> env, Path home) {
    Path path = home.resolve(".netmapper").resolve("config.yaml");
    return new ConfigDefaults(env, readFile(path), path);
  }

  /**
   * Reads the file given with {@code --config} (Otterize's flag) instead of the default one; a
   * missing file is a usage error.
   */
  public static ConfigDefaults load(Map<String, String> env, Path home, Path explicitFile) {
    if (explicitFile == null) {
      return load(env, home);
    }
    if (!Files.isRegularFile(explicitFile)) {
      throw CliException.usage("--config " + explicitFile + ": no such file");
    }
    return new ConfigDefaults(env, readFile(explicitFile), explicitFile);
  }

  /** Otterize's CLI reads OTTERIZE_<FLAG>: honoured when the NETMAPPER_ variable is unset. */
  public static String otterizeEnvName(String optionName) {
    return "OTTERIZE_" + envName(optionName).substring("NETMAPPER_".length());
  }

  public static String envName(String optionName) {
    return "NETMAPPER_"
        + optionName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
      return null;
    }
    String name = option.longestName().substring(2);
    String fromEnv = env.get(envName(name));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    String fromOtterize = env.get(otterizeEnvName(name));
    if (fromOtterize != null && !fromOtterize.isBlank()) {
      return fromOtterize;
    }
    return file.get(name);
  }

  /** Where the config file is looked for (for messages and docs). */
  public Path filePath() {
    return filePath;
  }

  private static Map<String, String> readFile(Path path) {
    if (!Files.isRegularFile(path)) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = YAMLMapper.builder().build().readTree(Files.readString(path));
    } catch (IOException | JacksonException e) {
      throw CliException.usage(
          "cannot read config file "
              + path
              + ": "
              + firstLine(e.getMessage())
              + " (expected flat 'option-name: value' pairs, e.g. 'mapper-namespace: netmapper-system')");
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Map.of();
    }
    if (!root.isObject()) {
      throw CliException.usage(
          "config file "
              + path
              + " must be a mapping of option names to values, e.g. 'mapper-namespace: netmapper-system'");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode v = e.getValue();
      if (v.isArray()) {
        StringBuilder joined = new StringBuilder();
        v.forEach(item -> joined.append(joined.length() == 0 ? "" : ",").append(item.asString()));
        values.put(e.getKey(), joined.toString());
      } else if (v.isValueNode()) {
        values.put(e.getKey(), v.asString());
      } else {
        throw CliException.usage(
            "config file "
                + path
                + ": value of '"
                + e.getKey()
                + "' must be a string, number, boolean or list");
      }
    }
    return values;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed YAML";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
