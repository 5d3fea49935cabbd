package io.netmapper.cli.bench;

import io.netmapper.api.v1.HttpResource;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.KafkaTopic;
import io.netmapper.api.v1.Peer;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.SampleIntents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Export/visualize throughput on a large synthetic map, through the real CLI code path (gRPC over
 * loopback to a fake MapperService). Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <pre>
 *   java -cp ... io.netmapper.cli.bench.CliBench [intents=10000] [pngIntents=200]
 *   java -cp ... io.netmapper.cli.bench.CliBench sample /tmp/out   # the sample map as PNG/SVG/DOT
 * </pre>
 */
public final class CliBench {
  private CliBench() {}

  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("netmapper-bench");
    if (args.length > 0 && args[0].equals("sample")) {
      Path out = Path.of(args.length > 1 ? args[1] : tmp.toString());
      Files.createDirectories(out);
      try (FakeMapper mapper = new FakeMapper(SampleIntents.all())) {
        CliRunner cli = new CliRunner(tmp);
        for (String f : List.of("sample-map.png", "sample-map.svg", "sample-map.gv")) {
          System.out.println(
              cli.run("visualize", "--mapper-url", mapper.url(), "-o", out.resolve(f).toString())
                  .err()
                  .trim());
        }
      }
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pngN = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<Intent> big = synthetic(n);
    System.out.printf(
        Locale.ROOT,
        "synthetic map: %d intents, %d namespaces, %d workloads%n",
        n,
        n / 500 + 1,
        n / 10);
    try (FakeMapper mapper = new FakeMapper(big);
        FakeMapper small = new FakeMapper(synthetic(pngN))) {
      CliRunner cli = new CliRunner(tmp).env("PATH", System.getenv("PATH"));
      // warm-up: class loading, JIT, gRPC channel setup
      for (int i = 0; i < 3; i++) {
        cli.run("export", "--mapper-url", mapper.url(), "-o", tmp.resolve("warm.yaml").toString());
      }
      measure(cli, "list (text)", 5, tmp.resolve("x"), "list", "--mapper-url", mapper.url());
      measure(
          cli,
          "export v2 yaml",
          5,
          tmp.resolve("e.yaml"),
          "export",
          "--mapper-url",
          mapper.url(),
          "-o",
          tmp.resolve("e.yaml").toString());
      measure(
          cli,
          "export v1 yaml",
          5,
          tmp.resolve("e1.yaml"),
          "export",
          "--mapper-url",
          mapper.url(),
          "--output-version",
          "v1",
          "-o",
          tmp.resolve("e1.yaml").toString());
      measure(
          cli,
          "export v2 json",
          5,
          tmp.resolve("e.json"),
          "export",
          "--mapper-url",
          mapper.url(),
          "--format",
          "json",
          "-o",
          tmp.resolve("e.json").toString());
      measure(
          cli,
          "export dir",
          3,
          null,
          "export",
          "--mapper-url",
          mapper.url(),
          "-o",
          tmp.resolve("dir").toString(),
          "--output-type",
          "dir");
      measure(
          cli,
          "visualize dot",
          5,
          tmp.resolve("m.gv"),
          "visualize",
          "--mapper-url",
          mapper.url(),
          "-o",
          tmp.resolve("m.gv").toString());
      coldRun(
          mapper.url(),
          tmp,
          "cold export v2 yaml (new JVM)",
          "export",
          "-o",
          tmp.resolve("c.yaml").toString());
      coldRun(mapper.url(), tmp, "cold list (new JVM)", "list");
      measure(
          cli,
          "visualize svg (" + pngN + " intents)",
          1,
          tmp.resolve("s.svg"),
          "visualize",
          "--mapper-url",
          small.url(),
          "-o",
          tmp.resolve("s.svg").toString());
      measure(
          cli,
          "visualize png (" + pngN + " intents)",
          1,
          tmp.resolve("s.png"),
          "visualize",
          "--mapper-url",
          small.url(),
          "-o",
          tmp.resolve("s.png").toString());
    }
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.out.printf(
        Locale.ROOT,
        "heap after runs: %d MiB used of %d MiB max%n",
        (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.maxMemory() >> 20);
  }

  private static void measure(CliRunner cli, String name, int runs, Path output, String... args)
      throws Exception {
    long best = Long.MAX_VALUE;
    long total = 0;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      CliRunner.Result r = cli.run(args);
      long t = System.nanoTime() - t0;
      if (r.exitCode() != 0) {
        throw new IllegalStateException(name + " failed: " + r);
      }
      best = Math.min(best, t);
      total += t;
    }
    String size =
        output != null && Files.exists(output)
            ? String.format(Locale.ROOT, ", output %.1f KiB", Files.size(output) / 1024.0)
            : "";
    System.out.printf(
        Locale.ROOT,
        "%-32s best %7.1f ms, mean %7.1f ms over %d run(s)%s%n",
        name,
        best / 1e6,
        total / 1e6 / runs,
        runs,
        size);
  }

  /** A fresh JVM per run, as ./netmapper starts it (needs cli/target/netmapper-cli.jar). */
  private static void coldRun(String url, Path tmp, String name, String... args) throws Exception {
    Path jar = Path.of("target/netmapper-cli.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      jar = Path.of("cli/target/netmapper-cli.jar").toAbsolutePath();
    }
    if (!Files.exists(jar)) {
      System.out.printf(
          Locale.ROOT, "%-32s skipped: run ./mvnw -f cli/pom.xml package first%n", name);
      return;
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-jar",
                jar.toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--mapper-url", url));
    long best = Long.MAX_VALUE;
    long total = 0;
    int runs = 3;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectOutput(tmp.resolve("cold.out").toFile())
              .redirectError(tmp.resolve("cold.err").toFile())
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            name + " failed: " + Files.readString(tmp.resolve("cold.err")));
      }
      long t = System.nanoTime() - t0;
      best = Math.min(best, t);
      total += t;
    }
    System.out.printf(
        Locale.ROOT,
        "%-32s best %7.1f ms, mean %7.1f ms over %d run(s)%n",
        name,
        best / 1e6,
        total / 1e6 / runs,
        runs);
  }

  /**
   * n intents: workloads in namespaces of 50, each calling 10 others; HTTP, Kafka and Internet
   * mixed in.
   */
  public static List<Intent> synthetic(int n) {
    List<Intent> out = new ArrayList<>(n);
    int workloads = Math.max(2, n / 10);
    for (int i = 0; i < n; i++) {
      int c = i / 10;
      int s = (c * 7 + i % 10 + 1) % workloads;
      Peer client = SampleIntents.workload("svc-" + c, "ns-" + c / 50, "Deployment");
      Intent.Builder b;
      switch (i % 10) {
        case 0 ->
            b =
                SampleIntents.intent(
                    client,
                    SampleIntents.internet(
                        List.of("api-" + i % 97 + ".example.com"), List.of("203.0.113." + i % 250)),
                    IntentType.INTENT_TYPE_INTERNET,
                    443);
        case 1 ->
            b =
                SampleIntents.intent(
                        client,
                        SampleIntents.workload("kafka", "kafka", "StatefulSet"),
                        IntentType.INTENT_TYPE_KAFKA,
                        9092)
                    .addKafkaTopics(
                        KafkaTopic.newBuilder()
                            .setName("topic-" + c % 40)
                            .addOperations("produce")
                            .addOperations("describe"));
        default ->
            b =
                SampleIntents.intent(
                        client,
                        SampleIntents.workload("svc-" + s, "ns-" + s / 50, "Deployment"),
                        IntentType.INTENT_TYPE_HTTP,
                        8080)
                    .addServiceNames("svc-" + s)
                    .addHttp(
                        HttpResource.newBuilder()
                            .setPath("/api/v1/items/" + i % 13)
                            .addMethods("GET")
                            .addMethods("POST"));
      }
      out.add(b.build());
    }
    return out;
  }
}
