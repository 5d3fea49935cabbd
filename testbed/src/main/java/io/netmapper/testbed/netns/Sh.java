package io.netmapper.testbed.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs system commands (ip, nft) and fails with their output when they fail. */
public final class Sh {
  private Sh() {}

  public static String run(String... command) {
    return run(List.of(command));
  }

  public static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("'" + String.join(" ", command) + "' failed (" + p.exitValue() + "): " + text.trim());
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  /** Runs a command and ignores failure (cleanup of something that may already be gone). */
  public static void quietly(String... command) {
    try {
      run(command);
    } catch (IllegalStateException e) {
      // already gone
    }
  }
}
