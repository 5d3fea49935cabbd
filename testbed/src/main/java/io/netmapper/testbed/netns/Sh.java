package io.netmapper.testbed.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command and returns its output; a non-zero exit is an exception carrying stderr. */
public final class Sh {
  private Sh() {}

  public static String run(String... argv) {
    return run(List.of(argv));
  }

  public static String run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", argv));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "'"
                + String.join(" ", argv)
                + "' exited "
                + p.exitValue()
                + ": "
                + new String(err, StandardCharsets.UTF_8).trim());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", argv), e);
    }
  }

  /** Like {@link #run} but only logs failures (cleanup paths). */
  public static void quietly(String... argv) {
    try {
      run(argv);
    } catch (RuntimeException e) {
      System.err.println("cleanup: " + e.getMessage());
    }
  }
}
