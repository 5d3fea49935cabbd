package io.netmapper.testbed.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NetnsAgent} JVM running inside a network namespace ({@code ip netns exec} replaces
 * itself with the JVM, so {@link #pid()} is the agent's pid). Closing its stdin ends it.
 */
public final class NetnsProcess implements AutoCloseable {
  private final Process process;
  private final List<String> command;
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();

  private NetnsProcess(Process process, List<String> command) {
    this.process = process;
    this.command = command;
    Thread out =
        new Thread(
            () ->
                pump(
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    true),
            "agent-out");
    Thread err =
        new Thread(
            () ->
                pump(
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                    false),
            "agent-err");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  static NetnsProcess start(Netns ns, List<String> args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                NetnsAgent.class.getName()));
    cmd.addAll(args);
    try {
      NetnsProcess p = new NetnsProcess(new ProcessBuilder(cmd).start(), cmd);
      p.expect("READY", 30);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + cmd + ": " + e.getMessage(), e);
    }
  }

  private void pump(BufferedReader reader, boolean toQueue) {
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        if (toQueue) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        } else {
          synchronized (stderr) {
            stderr.append(line).append('\n');
          }
        }
      }
    } catch (IOException e) {
      // process ended
    }
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Waits for an output line (any seen so far or later) starting with {@code prefix} and returns
   * it.
   */
  public String expect(String prefix, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      synchronized (lines) {
        while (System.nanoTime() < deadline) {
          for (String line : lines) {
            if (line.startsWith(prefix)) {
              return line;
            }
            if (line.startsWith("ERROR")) {
              throw new IllegalStateException(
                  "agent failed: " + line + " (" + String.join(" ", command) + ")");
            }
          }
          if (!process.isAlive()) {
            lines.wait(200); // let the reader drain what is left
            if (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
              throw new IllegalStateException(
                  "agent exited "
                      + process.exitValue()
                      + " before '"
                      + prefix
                      + "': "
                      + stderrText()
                      + " ("
                      + String.join(" ", command)
                      + ")");
            }
            continue;
          }
          lines.wait(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException(
        "no '" + prefix + "' from agent within " + seconds + " s: " + stderrText());
  }

  /** Waits for the agent to exit by itself; returns its exit code. */
  public int waitFor(int seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException("agent still running after " + seconds + " s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String stderrText() {
    synchronized (stderr) {
      return stderr.toString().trim();
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
