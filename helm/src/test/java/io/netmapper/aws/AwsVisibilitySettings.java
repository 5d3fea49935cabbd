package io.netmapper.aws;

import io.netmapper.common.config.EnvDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/** AWS visibility's settings as it declares them (its picocli options). */
public final class AwsVisibilitySettings {
  /** A pod's resolv.conf as the kubelet writes it: the default DNS upstream comes from here. */
  public static final String RESOLV_CONF = "nameserver 10.96.0.10\n";

  private AwsVisibilitySettings() {}

  /**
   * Long flag ({@code --dns-port}) → environment variable ({@code NETMAPPER_DNS_PORT}), for every
   * option.
   */
  public static Map<String, String> flagsToEnv() {
    Map<String, String> out = new LinkedHashMap<>();
    for (OptionSpec o :
        AwsVisibilityConfig.commandLine(new AwsVisibilityConfig.Flags(), Map.of())
            .getCommandSpec()
            .options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      out.put(o.longestName(), EnvDefaults.variableFor(o.longestName()));
    }
    return out;
  }

  /**
   * The default a flag has without flag or environment: the declared one, or the reporter's own for
   * the shared reporter flags whose default differs per reporter ({@code --health-port}).
   */
  public static String defaultOf(String flag) {
    return AwsVisibilityConfig.commandLine(new AwsVisibilityConfig.Flags(), Map.of())
        .getCommandSpec()
        .findOption(flag)
        .defaultValueString();
  }

  /**
   * Parses like the component's Main does (with {@link #RESOLV_CONF}); throws what it would reject.
   */
  public static AwsVisibilityConfig parse(Map<String, String> env) {
    return AwsVisibilityConfig.parse(new String[0], env, RESOLV_CONF);
  }
}
