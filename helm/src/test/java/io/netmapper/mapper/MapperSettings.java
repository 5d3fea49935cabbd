package io.netmapper.mapper;

import io.netmapper.common.config.EnvDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/** The mapper's settings as the mapper itself declares them (its picocli options). */
public final class MapperSettings {
  private MapperSettings() {}

  /**
   * Long flag ({@code --port}) → environment variable ({@code NETMAPPER_PORT}), for every option.
   */
  public static Map<String, String> flagsToEnv() {
    Map<String, String> out = new LinkedHashMap<>();
    for (OptionSpec o :
        MapperConfig.commandLine(new MapperConfig.Flags(), Map.of()).getCommandSpec().options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      out.put(o.longestName(), EnvDefaults.variableFor(o.longestName()));
    }
    return out;
  }

  /** The declared default of a flag, e.g. {@code 9090} for {@code --port}. */
  public static String defaultOf(String flag) {
    return MapperConfig.commandLine(new MapperConfig.Flags(), Map.of())
        .getCommandSpec()
        .findOption(flag)
        .defaultValue();
  }

  /** Parses like the mapper's Main does; throws what the mapper would reject. */
  public static MapperConfig parse(String[] args, Map<String, String> env) {
    return MapperConfig.parse(args, env);
  }
}
