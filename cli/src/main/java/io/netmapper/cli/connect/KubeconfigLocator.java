package io.netmapper.cli.connect;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.netmapper.cli.CliException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and loads the kubeconfig: {@code --kubeconfig}, else the first existing file in {@code
 * $KUBECONFIG}, else {@code ~/.kube/config}; then applies {@code --context}.
 */
final class KubeconfigLocator {
  static final String NO_KUBECONFIG_HINT =
      "point --kubeconfig at one, set KUBECONFIG, or talk to a mapper directly with --mapper-url host:port";

  private KubeconfigLocator() {}

  /** The kubeconfig file to use, or a CliException that says where it looked. */
  static Path locate(Path flag, Map<String, String> env, Path home) {
    if (flag != null) {
      if (!Files.isRegularFile(flag)) {
        throw CliException.error(
            "kubeconfig " + flag + " (from --kubeconfig) does not exist; " + NO_KUBECONFIG_HINT);
      }
      return flag;
    }
    List<String> looked = new ArrayList<>();
    String fromEnv = env.get("KUBECONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      for (String part : fromEnv.split(File.pathSeparator)) {
        if (part.isBlank()) {
          continue;
        }
        Path p = Path.of(part);
        if (Files.isRegularFile(p)) {
          return p;
        }
        looked.add(part + " (from KUBECONFIG)");
      }
    }
    Path dflt = home.resolve(".kube").resolve("config");
    if (Files.isRegularFile(dflt)) {
      return dflt;
    }
    looked.add(dflt.toString());
    throw CliException.error(
        "no kubeconfig found (looked at " + String.join(", ", looked) + "); " + NO_KUBECONFIG_HINT);
  }

  /**
   * Loads {@code file} with {@code context} (null: its current-context), failing fast on retries.
   */
  static Config load(Path file, String context) {
    io.fabric8.kubernetes.api.model.Config parsed;
    try {
      parsed = KubeConfigUtils.parseConfig(file.toFile());
    } catch (RuntimeException e) {
      throw CliException.error("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
    }
    List<String> contexts =
        parsed.getContexts() == null
            ? List.of()
            : parsed.getContexts().stream().map(NamedContext::getName).toList();
    if (context != null && !contexts.contains(context)) {
      throw CliException.usage(
          "context '"
              + context
              + "' is not in kubeconfig "
              + file
              + " (contexts: "
              + (contexts.isEmpty() ? "none" : String.join(", ", contexts))
              + ")");
    }
    if (context == null
        && (parsed.getCurrentContext() == null || parsed.getCurrentContext().isBlank())
        && contexts.isEmpty()) {
      throw CliException.error("kubeconfig " + file + " has no contexts; " + NO_KUBECONFIG_HINT);
    }
    Config config = Config.fromKubeconfig(context, file.toFile());
    return new ConfigBuilder(config)
        .withRequestRetryBackoffLimit(0)
        .withConnectionTimeout(10_000)
        .withRequestTimeout(15_000)
        .build();
  }
}
