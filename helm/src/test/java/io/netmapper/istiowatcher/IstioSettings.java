package io.netmapper.istiowatcher;

import io.netmapper.common.config.EnvDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The Istio watcher's settings as it declares them (its picocli options); the mapper reads them
 * when it runs it.
 */
public final class IstioSettings {
  private IstioSettings() {}

  public static Map<String, String> flagsToEnv() {
    Map<String, String> out = new LinkedHashMap<>();
    for (OptionSpec o :
        IstioWatcherConfig.commandLine(new IstioWatcherConfig.Flags(), Map.of())
            .getCommandSpec()
            .options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      out.put(o.longestName(), EnvDefaults.variableFor(o.longestName()));
    }
    return out;
  }
}
