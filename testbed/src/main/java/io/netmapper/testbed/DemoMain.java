package io.netmapper.testbed;

import io.netmapper.common.config.EnvDefaults;
import io.netmapper.testbed.netns.Cgroups;
import io.netmapper.testbed.netns.Prerequisites;
import io.netmapper.testbed.netns.Sh;
import io.netmapper.testbed.netns.Topology;
import io.netmapper.testbed.scenario.ScenarioLinter;
import io.netmapper.testbed.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netmapper demo}: builds a one-node cluster from network namespaces, runs the real mapper
 * and sniffer on it with a scenario's traffic, prints the map and tears everything down — also on
 * Ctrl-C and on failure. Leftovers of an earlier crashed run are removed first.
 */
@Command(
    name = "netmapper demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Run netmapper on an embedded one-node testbed (needs root).",
    footer =
        "%nBuilt-in scenarios: online-boutique (default), short-lived, long-lived, services, ip-reuse, accuracy, strict-cluster, "
            + "host-network, ipv6, external-cname, owners. Scenario format: docs/scenarios.md")
public final class DemoMain implements Callable<Integer> {
  @Option(
      names = "--scenario",
      defaultValue = "online-boutique",
      description = "Scenario file or built-in name.")
  String scenario;

  @Option(
      names = "--duration",
      description = "How long traffic runs (e.g. 10s, 2m, PT10S); default: the scenario's.")
  java.time.Duration duration;

  @Option(
      names = "--check",
      paramLabel = "FILE",
      description =
          "Only check a scenario file (format, references, the expected map) and print its"
              + " problems with their lines; exit 0 when it can run, 2 when not. Needs no root.")
  String check;

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      description = "Write the testbed's log lines to this file instead of stderr.")
  java.nio.file.Path logFile;

  @Option(
      names = "--export-json",
      description = "Also write the ClientIntents export (JSON) to this file.")
  String exportJson;

  @Option(
      names = {"-o", "--output"},
      description = "Also draw the map to this file (.png, .svg, .dot).")
  String picture;

  @Option(
      names = "--work-dir",
      description = "Where the kubeconfig goes; default: a temporary directory.")
  String workDir;

  @Option(
      names = "--measure-latency",
      description = "Measure connect() → edge-in-the-map latency (the 'latency' scenario).")
  boolean measureLatency;

  @Option(
      names = "--enforce",
      description =
          "Then export NetworkPolicies from the map, enforce them (nftables), replay the traffic"
              + " and probe paths never used.")
  boolean enforce;

  public static void main(String[] args) {
    System.exit(EnvDefaults.commandLine(new DemoMain(), System.getenv()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (check != null) {
      return check(check);
    }
    try {
      Scenarios.load(scenario); // fail fast on a bad scenario, before building anything
      Prerequisites.check();
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("netmapper demo: " + e.getMessage());
      return 1;
    }
    Topology.removeStale();
    String prefix = "nmtb-" + Long.toHexString(ProcessHandle.current().pid());
    String node = prefix + "-node";
    Sh.run("ip", "netns", "add", node);
    Sh.run(
        "ip", "-n", node, "link", "set", "lo", "up"); // the node JVM starts with a working loopback
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                node,
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=testbed-logback.xml",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp",
                System.getProperty("java.class.path"),
                NodeMain.class.getName(),
                "--prefix",
                prefix,
                "--scenario",
                scenario));
    add(cmd, "--duration", duration == null ? null : duration.toString());
    add(
        cmd,
        "--export-json",
        exportJson == null ? null : java.nio.file.Path.of(exportJson).toAbsolutePath().toString());
    add(
        cmd,
        "--output",
        picture == null ? null : java.nio.file.Path.of(picture).toAbsolutePath().toString());
    add(cmd, "--work-dir", workDir);
    if (measureLatency) {
      cmd.add("--measure-latency");
    }
    if (enforce) {
      cmd.add("--enforce");
    }
    // the map on stdout; log lines on stderr, or in the log file
    ProcessBuilder builder = new ProcessBuilder(cmd).inheritIO();
    if (logFile != null) {
      builder.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }
    // 'ip netns exec' mounts a fresh /sys for the namespace, hiding the cgroup tree; the node JVM
    // reaches it through this process's view of the file system
    builder
        .environment()
        .put(
            "NETMAPPER_CGROUP_ROOT",
            "/proc/" + ProcessHandle.current().pid() + "/root" + Cgroups.root());
    Process child = builder.start();
    Thread teardown = new Thread(() -> stop(child, prefix), "demo-teardown");
    Runtime.getRuntime().addShutdownHook(teardown);
    int code = child.waitFor();
    Runtime.getRuntime().removeShutdownHook(teardown);
    cleanup(prefix);
    return code;
  }

  /** {@code --check FILE}: 0 when the scenario can run, 2 with its problems otherwise. */
  static int check(String file) {
    String text;
    try {
      text = Scenarios.text(file);
    } catch (IllegalArgumentException e) {
      System.err.println("netmapper demo --check: " + e.getMessage());
      return 2;
    }
    List<ScenarioLinter.Problem> problems = ScenarioLinter.check(text);
    for (ScenarioLinter.Problem p : problems) {
      System.out.println(file + ":" + (p.line() > 0 ? p.line() + ": " : " ") + p.message());
    }
    if (problems.isEmpty()) {
      System.out.println(file + ": ok");
      return 0;
    }
    return 2;
  }

  private static void add(List<String> cmd, String flag, String value) {
    if (value != null) {
      cmd.add(flag);
      cmd.add(value);
    }
  }

  private static void stop(Process child, String prefix) {
    child.destroy(); // SIGTERM: the node JVM's own hook tears its testbed down
    try {
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cleanup(prefix);
  }

  /** The safety net: every namespace and cgroup of this run, whatever the node JVM left. */
  private static void cleanup(String prefix) {
    try {
      for (String line : Sh.run("ip", "netns", "list").split("\n")) {
        String name = line.split("\\s+")[0];
        if (name.startsWith(prefix + "-")) {
          Sh.quietly("ip", "netns", "del", name);
        }
      }
    } catch (IllegalStateException e) {
      // ip is gone: nothing to clean
    }
    Cgroups.removeRun(prefix.replace("-", ""));
  }
}
