package io.netmapper.cli.testing;

import io.netmapper.cli.Cli;
import io.netmapper.cli.CliContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured output, a given home directory and environment. */
public final class CliRunner {
  private final Path home;
  private final Map<String, String> env = new HashMap<>();

  public CliRunner(Path home) {
    this.home = home;
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  public CliRunner env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.run(
            new CliContext(env, home, new PrintWriter(out, true), new PrintWriter(err, true)),
            args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Exit code and what was printed. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
