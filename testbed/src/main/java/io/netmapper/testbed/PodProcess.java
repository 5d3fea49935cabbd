package io.netmapper.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's process: a {@code TrafficAgent} JVM started inside the pod's network namespace and put in
 * the pod's cgroup before it runs (so socket attribution works exactly as on a real node).
 */
final class PodProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodProcess.class);

  private final String pod;
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final List<long[]> connects = java.util.Collections.synchronizedList(new ArrayList<>());
  private final java.util.concurrent.BlockingQueue<String> results =
      new java.util.concurrent.LinkedBlockingQueue<>();

  PodProcess(String pod, String netns, Path cgroup, List<String> agentArgs) throws IOException {
    this.pod = pod;
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "echo $$ > \"$0\" && exec \"$@\"",
                cgroup.resolve("cgroup.procs").toString(),
                "ip",
                "netns",
                "exec",
                netns,
                java,
                "-Xmx32m",
                "-Xss512k",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                // a pod program needs no logging framework; skipping it saves a second per pod
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
                "-Dslf4j.internal.verbosity=WARN",
                "-cp",
                System.getProperty("java.class.path"),
                "io.netmapper.testbed.traffic.TrafficAgent"));
    cmd.addAll(agentArgs);
    this.process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread reader = new Thread(this::readOutput, "agent-" + pod);
    reader.setDaemon(true);
    reader.start();
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          results.add(line.substring("RESULT ".length()));
          LOG.debug("pod={} {}", pod, line);
        } else if (line.equals("READY")) {
          ready.countDown();
        } else if (line.startsWith("CONNECTED")) {
          connected.incrementAndGet();
          // CONNECTED <epoch ms> <target> <ip>:<port> from <local port>
          String[] f = line.split(" ");
          if (f.length > 3) {
            String address = f[3];
            connects.add(
                new long[] {
                  Long.parseLong(f[1]),
                  Long.parseLong(address.substring(address.lastIndexOf(':') + 1))
                });
          }
          LOG.debug("pod={} {}", pod, line);
        } else if (line.startsWith("CONNECT-FAILED") || line.startsWith("SEND-FAILED")) {
          failed.incrementAndGet();
          LOG.warn("pod={} {}", pod, line);
        } else {
          LOG.info("pod={} {}", pod, line);
        }
      }
    } catch (IOException e) {
      // process ended
    }
  }

  void awaitReady(long seconds) throws InterruptedException {
    if (!ready.await(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "pod "
              + pod
              + " did not become ready in "
              + seconds
              + " s"
              + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")"));
    }
  }

  /** Sends a command line to the agent and collects its {@code expected} RESULT lines. */
  List<String> request(String command, int expected, long timeoutMillis)
      throws InterruptedException {
    results.clear();
    send(command);
    List<String> out = new ArrayList<>();
    long until = System.currentTimeMillis() + timeoutMillis;
    while (out.size() < expected) {
      String r =
          results.poll(Math.max(1, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      if (r == null) {
        break;
      }
      out.add(r);
    }
    return out;
  }

  private void send(String line) {
    try {
      OutputStream out = process.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      LOG.warn("pod={} cannot send {}: {}", pod, line, e.getMessage());
    }
  }

  void go() {
    try {
      OutputStream out = process.getOutputStream();
      out.write("GO\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      LOG.warn("pod={} cannot start traffic: {}", pod, e.getMessage());
    }
  }

  List<long[]> connects() {
    synchronized (connects) {
      return List.copyOf(connects);
    }
  }

  int connections() {
    return connected.get();
  }

  int failures() {
    return failed.get();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
