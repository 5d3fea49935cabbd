package io.netmapper.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults from {@code NETMAPPER_*} environment variables, so every setting has one
 * name across flag, environment and Helm value: {@code --ip-grace-period} is read from {@code
 * NETMAPPER_IP_GRACE_PERIOD}. Precedence: flag, then environment, then the option's own default.
 * The environment is passed in as a map so tests control it.
 */
public final class EnvDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> env;

  public EnvDefaults(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /**
   * The environment variable that feeds a long option, e.g. {@code --mapper-url} → {@code
   * NETMAPPER_MAPPER_URL}.
   */
  /**
   * The command line every component parses its flags with: defaults from {@code NETMAPPER_*}
   * variables, durations in the one syntax of {@link Durations}.
   */
  public static CommandLine commandLine(Object flags, Map<String, String> env) {
    CommandLine cmd = new CommandLine(flags).setDefaultValueProvider(new EnvDefaults(env));
    cmd.registerConverter(java.time.Duration.class, Durations.converter());
    return cmd;
  }

  public static String variableFor(String longOption) {
    String bare = longOption.replaceFirst("^-+", "");
    return "NETMAPPER_" + bare.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    String value = env.get(variableFor(option.longestName()));
    if (value != null) {
      return value;
    }
    // null lets picocli fall back to the option's declared default
    return null;
  }
}
