package io.netmapper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI needs from the outside world, passed in so tests control it: environment variables,
 * the home directory (for {@code ~/.kube/config} and {@code ~/.netmapper/config.yaml}) and the
 * output streams.
 */
public record CliContext(Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
  public CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** The real process: {@code System.getenv()}, {@code user.home}, stdout and stderr. */
  public static CliContext system() {
    return new CliContext(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true));
  }
}
