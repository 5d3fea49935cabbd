package io.netmapper.kafkawatcher;

import io.netmapper.common.config.EnvDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/** The Kafka watcher's settings as it declares them (its picocli options). */
public final class KafkaWatcherSettings {
  private KafkaWatcherSettings() {}

  public static Map<String, String> flagsToEnv() {
    Map<String, String> out = new LinkedHashMap<>();
    for (OptionSpec o :
        KafkaWatcherConfig.commandLine(new KafkaWatcherConfig.Flags(), Map.of())
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
    return KafkaWatcherConfig.commandLine(new KafkaWatcherConfig.Flags(), Map.of())
        .getCommandSpec()
        .findOption(flag)
        .defaultValueString();
  }

  public static KafkaWatcherConfig parse(String[] args, Map<String, String> env) {
    return KafkaWatcherConfig.parse(args, env);
  }
}
