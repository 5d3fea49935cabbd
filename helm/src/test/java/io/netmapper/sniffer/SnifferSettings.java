package io.netmapper.sniffer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sniffer's settings as the sniffer itself declares them ({@link SnifferConfig#SETTINGS}). */
public final class SnifferSettings {
  private SnifferSettings() {}

  /** Long flag ({@code --proc-root}) → environment variable ({@code NETMAPPER_PROC_ROOT}). */
  public static Map<String, String> flagsToEnv() {
    Map<String, String> out = new LinkedHashMap<>();
    for (SnifferConfig.Setting s : SnifferConfig.SETTINGS) {
      out.put(s.flag(), s.env());
    }
    return out;
  }

  public static String defaultOf(String flag) {
    return SnifferConfig.SETTINGS.stream()
        .filter(s -> s.flag().equals(flag))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the sniffer has no " + flag))
        .defaultValue();
  }

  /** Builds the config as the sniffer's Main does; throws what the sniffer would reject. */
  public static SnifferConfig parse(List<String> args, Map<String, String> env) {
    return SnifferConfig.from(args, env, "test-node");
  }
}
