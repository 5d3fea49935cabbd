package io.netmapper.testbed;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.api.v1.Peer;
import io.netmapper.cli.Cli;
import io.netmapper.cli.CliContext;
import io.netmapper.testbed.scenario.Scenario;
import io.netmapper.testbed.scenario.Scenarios;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs inside the node network namespace (started there by {@link DemoMain}): builds the testbed,
 * runs the scenario, prints the map through the CLI, compares it with the scenario's expectation.
 * Exit codes: 0 map as expected (or nothing expected), 3 map differs, 4 policy enforcement broke
 * observed traffic or let a probe through (--enforce), 1 testbed error.
 */
@Command(name = "testbed-node", mixinStandardHelpOptions = true)
public final class NodeMain implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

  @Option(
      names = "--prefix",
      required = true,
      description = "Name prefix of this run's namespaces.")
  String prefix;

  @Option(
      names = "--scenario",
      defaultValue = "online-boutique",
      description = "Scenario file or built-in name.")
  String scenarioName;

  @Option(
      names = "--duration",
      description = "How long traffic runs (e.g. 10s, PT10S); default: the scenario's.")
  Duration duration;

  @Option(
      names = "--export-json",
      description = "Also write the ClientIntents export (JSON) to this file.")
  Path exportJson;

  @Option(
      names = {"-o", "--output"},
      description = "Also draw the map to this file (.png, .svg, .dot).")
  Path picture;

  @Option(
      names = "--work-dir",
      description = "Where the kubeconfig and logs go; default: a temporary directory.")
  Path workDir;

  @Option(
      names = "--measure-latency",
      description = "Measure connect() → edge-in-the-map latency (distinct ports per connection).")
  boolean measureLatency;

  @Option(
      names = "--enforce",
      description =
          "After the map: export NetworkPolicies, enforce them with nftables, replay the traffic"
              + " and probe unobserved paths.")
  boolean enforce;

  public static void main(String[] args) {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    System.exit(
        new CommandLine(new NodeMain())
            .registerConverter(Duration.class, io.netmapper.common.config.Durations.converter())
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Scenario scenario = Scenarios.load(scenarioName);
    Duration runFor = duration != null ? duration : scenario.duration();
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("netmapper-testbed");
    AtomicReference<Testbed> running = new AtomicReference<>();
    Thread hook =
        new Thread(
            () -> {
              Testbed t = running.getAndSet(null);
              if (t != null) {
                t.close();
              }
            },
            "testbed-teardown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Testbed testbed = new Testbed(prefix, scenario, dir)) {
      running.set(testbed);
      System.err.println(
          "netmapper demo: scenario "
              + scenario.name()
              + ", traffic for "
              + runFor.toSeconds()
              + " s");
      testbed.start();
      LatencyProbe probe =
          measureLatency ? new LatencyProbe("127.0.0.1:" + testbed.mapperPort()) : null;
      long started = System.currentTimeMillis();
      testbed.runEvents(started);
      List<String> expected = scenario.expect();
      long deadline = started + runFor.toMillis();
      Thread.sleep(Math.max(0, deadline - System.currentTimeMillis()));
      String target = "127.0.0.1:" + testbed.mapperPort();
      // reports arrive within a report interval or two; wait for the map to settle
      TreeSet<String> actual = waitForMap(target, expected, Duration.ofSeconds(15));
      cli(dir, "list", "--mapper-url", target);
      if (exportJson != null) {
        cli(dir, "export", "--format", "json", "--mapper-url", target, "-o", exportJson.toString());
        System.err.println("export written to " + exportJson);
      }
      if (picture != null) {
        cli(dir, "visualize", "--mapper-url", target, "-o", picture.toString());
        System.err.println("map drawn to " + picture);
      }
      System.err.println("connections made by pods: " + testbed.connectionsMade());
      if (probe != null) {
        System.err.println(probe.report(testbed.connects()));
        probe.close();
      }
      EnforceRun.Outcome enforced = null;
      if (enforce) {
        enforced = new EnforceRun(testbed, dir, target).run();
        System.out.println(enforced.summary());
      }
      running.set(null);
      Runtime.getRuntime().removeShutdownHook(hook);
      if (enforced != null && !enforced.passed()) {
        System.out.println("POLICY ENFORCEMENT FAILED");
        return 4;
      }
      if (expected.isEmpty()) {
        return 0;
      }
      TreeSet<String> want = new TreeSet<>(expected);
      if (want.equals(actual)) {
        System.err.println("map matches the scenario's expectation (" + want.size() + " edges)");
        return 0;
      }
      TreeSet<String> missing = new TreeSet<>(want);
      missing.removeAll(actual);
      TreeSet<String> extra = new TreeSet<>(actual);
      extra.removeAll(want);
      System.err.println("MAP DIFFERS from the scenario's expectation");
      missing.forEach(e -> System.err.println("  missing: " + e));
      extra.forEach(e -> System.err.println("  extra:   " + e));
      printWhyUnresolved(testbed.mapperPort());
      testbed
          .snifferMetrics()
          .lines()
          .filter(l -> l.startsWith("netmapper_sniffer_hostnet"))
          .forEach(l -> System.err.println("  sniffer: " + l));
      return 3;
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.error("testbed failed: {}", e.getMessage());
      return 1;
    }
  }

  /** The mapper's own account of observations that did not become edges. */
  private static void printWhyUnresolved(int mapperPort) {
    try {
      java.net.http.HttpResponse<String> metrics =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + mapperPort + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      metrics
          .body()
          .lines()
          .filter(
              l ->
                  l.startsWith("netmapper_mapper_observations_unresolved")
                      || l.startsWith("netmapper_mapper_observations_rejected")
                      || l.startsWith("netmapper_mapper_observations_received"))
          .forEach(l -> System.err.println("  mapper: " + l));
    } catch (Exception e) {
      System.err.println("  (mapper metrics unavailable: " + e.getMessage() + ")");
    }
  }

  private static TreeSet<String> waitForMap(String target, List<String> expected, Duration settle)
      throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      MapperServiceGrpc.MapperServiceBlockingStub stub = MapperServiceGrpc.newBlockingStub(channel);
      long until = System.currentTimeMillis() + settle.toMillis();
      TreeSet<String> edges = edges(stub);
      while (System.currentTimeMillis() < until && !edges.containsAll(expected)) {
        Thread.sleep(250);
        edges = edges(stub);
      }
      Thread.sleep(1_500); // a last report interval, so extra edges show too
      return edges(stub);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static TreeSet<String> edges(MapperServiceGrpc.MapperServiceBlockingStub stub) {
    TreeSet<String> out = new TreeSet<>();
    for (Intent i :
        stub.withDeadlineAfter(10, TimeUnit.SECONDS)
            .listIntents(ListIntentsRequest.getDefaultInstance())
            .getIntentsList()) {
      out.add(end(i.getClient()) + " -> " + end(i.getServer()));
    }
    return out;
  }

  /** {@code ns/name}, {@code apiserver}, {@code internet:<name or ip>}, {@code aws:<arn>}. */
  static String end(Peer p) {
    return switch (p.getPeerCase()) {
      case WORKLOAD -> p.getWorkload().getNamespace() + "/" + p.getWorkload().getName();
      case API_SERVER -> "apiserver";
      case INTERNET ->
          "internet:"
              + (p.getInternet().getDomainsCount() > 0
                  ? p.getInternet().getDomains(0)
                  : p.getInternet().getIpsCount() > 0 ? p.getInternet().getIps(0) : "?");
      case AWS -> "aws:" + p.getAws().getArn();
      default -> "?";
    };
  }

  private static void cli(Path dir, String... args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(args));
    int code =
        Cli.run(
            new CliContext(
                Map.of("KUBECONFIG", dir.resolve("kubeconfig").toString()), dir, out, err),
            all.toArray(new String[0]));
    out.flush();
    if (code != 0) {
      throw new IllegalStateException("netmapper " + args[0] + " failed with exit code " + code);
    }
  }
}
