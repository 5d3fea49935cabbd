package io.netmapper.sniffer.bench;

import io.netmapper.sniffer.testing.RecordingMapper;
import io.netmapper.testbed.netns.NetnsProcess;
import io.netmapper.testbed.netns.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Footprint of a sniffer JVM started with the chart's JVM flags, capturing in a test node namespace
 * while pods make 1k DNS queries/s and 1k short TCP connections/s for 60 s; it reports to a real
 * gRPC server. Prints RSS (max, average) and CPU (% of one core) of the sniffer process.
 *
 * <pre>java -cp ... io.netmapper.sniffer.bench.FootprintBench [SECONDS] [RATE]</pre>
 */
public final class FootprintBench {
  /** sniffer/target/netmapper-sniffer-*.jar, built by {@code ./mvnw -pl sniffer -am package}. */
  static String snifferJar() throws java.io.IOException {
    Path target = Path.of(System.getProperty("netmapper.sniffer.target", "../sniffer/target"));
    if (!java.nio.file.Files.isDirectory(target)) {
      target = Path.of("sniffer/target");
    }
    try (var files = java.nio.file.Files.list(target)) {
      return files
          .map(Path::toString)
          .filter(n -> n.matches(".*/netmapper-sniffer-[^/]*\\.jar") && !n.endsWith("-tests.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "build the sniffer first: ./mvnw -pl sniffer -am package -DskipTests"));
    }
  }

  /** The JVM flags the chart uses for the sniffer (see docs/sniffer.md). */
  public static final List<String> JVM_FLAGS =
      List.of(
          "-Xms8m",
          "-Xmx32m",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20",
          "-Xss256k",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:CICompilerCount=1",
          "-XX:ReservedCodeCacheSize=12m",
          "-XX:MaxMetaspaceSize=48m",
          "-XX:MaxDirectMemorySize=16m",
          "-Xshare:auto",
          "-XX:-UsePerfData",
          "-Dio.grpc.netty.shaded.io.netty.allocator.type=unpooled",
          "-Dio.grpc.netty.shaded.io.netty.eventLoopThreads=1");

  private FootprintBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    // steady state: the load runs this long before CPU is measured (the JIT compiles the load's
    // paths once, in the first minutes; a node agent then runs for days). RSS counts from the
    // start.
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    try (TestBed bed = new TestBed();
        RecordingMapper mapper = new RecordingMapper().start()) {
      TestBed.Pod client = bed.pod(10);
      TestBed.Pod dns = bed.pod(53);
      TestBed.Pod server = bed.pod(20);
      bed.start(
          dns.netns(),
          "dns-server",
          dns.ipv4(),
          "api.example.test=CNAME:lb.example.test",
          "lb.example.test=A:192.0.2.80",
          "db.example.test=A:192.0.2.81",
          "cache.example.test=A:192.0.2.82");
      bed.start(server.netns(), "listen-close", "0.0.0.0", "8080");

      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(JVM_FLAGS);
      // flags to try beside the chart's, e.g. a class data sharing archive:
      // -Dbench.jvmFlags=-XX:ArchiveClassesAtExit=F (a run that writes it at exit), then
      // -Dbench.jvmFlags=-XX:SharedArchiveFile=F
      String extra = System.getProperty("bench.jvmFlags", "").trim();
      if (!extra.isEmpty()) {
        cmd.addAll(List.of(extra.split("\\s+")));
        System.out.println("extra JVM flags: " + extra);
      }
      // the sniffer's own runnable jar (its lib/ beside it), as in its image; not this bench's
      // classpath
      cmd.addAll(
          List.of(
              "-cp",
              snifferJar(),
              "io.netmapper.sniffer.Main",
              "--mapper-address",
              mapper.target(),
              "--node-name",
              "bench-node",
              "--proc-root",
              "/proc",
              "--node-netns",
              bed.node().path().toString(),
              "--capture-netns",
              bed.node().path().toString(),
              "--health-address",
              "127.0.0.1",
              "--health-port",
              Integer.toString(RecordingMapper.freePort())));
      Process sniffer =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(Path.of("/tmp/netmapper-footprint-sniffer.log").toFile())
              .start();
      try {
        Thread.sleep(5000); // start-up and first scan
        long pid = sniffer.pid();
        NetnsProcess dnsLoad =
            bed.start(
                client.netns(),
                "load-dns",
                dns.ipv4(),
                Integer.toString(rate),
                Integer.toString(warmup + seconds),
                "api.example.test",
                "db.example.test",
                "cache.example.test");
        NetnsProcess connLoad =
            bed.start(
                client.netns(),
                "load-connect",
                server.ipv4(),
                "8080",
                Integer.toString(rate),
                Integer.toString(warmup + seconds));
        long maxRss = 0;
        long maxAnon = 0;
        for (int s = 0; s < warmup; s++) {
          Thread.sleep(1000);
          maxRss = Math.max(maxRss, statusKb(pid, "VmRSS:"));
          maxAnon = Math.max(maxAnon, statusKb(pid, "RssAnon:"));
        }
        long cpu0 = cpuTicks(pid);
        Map<String, Long> threads0 = threadTicks(pid);
        long t0 = System.nanoTime();
        long sumRss = 0;
        int samples = 0;
        for (int s = 0; s < seconds; s++) {
          Thread.sleep(1000);
          long rss = statusKb(pid, "VmRSS:");
          maxAnon = Math.max(maxAnon, statusKb(pid, "RssAnon:"));
          maxRss = Math.max(maxRss, rss);
          sumRss += rss;
          samples++;
        }
        dnsLoad.expect("DONE", 30);
        connLoad.expect("DONE", 30);
        long cpu1 = cpuTicks(pid);
        Map<String, Long> threads1 = threadTicks(pid);
        double wall = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(2000); // last interval delivered
        long answers =
            mapper.dns.stream()
                .flatMap(r -> r.getAnswersList().stream())
                .mapToLong(a -> a.getSeen().getCount())
                .sum();
        long syns =
            mapper.connections.stream()
                .flatMap(r -> r.getConnectionsList().stream())
                .filter(c -> c.getEvidenceValue() == 1)
                .mapToLong(c -> c.getSeen().getCount())
                .sum();
        System.out.println();
        System.out.println("warm-up before measuring CPU: " + warmup + " s of the same load");
        System.out.println(
            "| load | seconds | sniffer RSS max MiB | RSS avg MiB | of which anonymous, max MiB | CPU % of one core | DNS answers reported | SYNs reported |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(
            "| %d DNS answers/s + %d connections/s | %d | %.1f | %.1f | %.1f | %.2f | %,d | %,d |%n",
            rate,
            rate,
            seconds,
            maxRss / 1024.0,
            sumRss / 1024.0 / samples,
            maxAnon / 1024.0,
            100.0 * (cpu1 - cpu0) / 100.0 / wall,
            answers,
            syns);
        System.out.println("JVM flags: " + String.join(" ", JVM_FLAGS));
        System.out.println("CPU by thread over the load (ms; threads of the same name summed):");
        Map<String, Long> byName = new TreeMap<>();
        threads1.forEach(
            (key, ticks) ->
                byName.merge(
                    key.substring(key.indexOf(' ') + 1),
                    (ticks - threads0.getOrDefault(key, 0L)) * 10,
                    Long::sum));
        byName.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> System.out.printf("  %-24s %,6d%n", e.getKey(), e.getValue()));
        dnsLoad.close();
        connLoad.close();
      } finally {
        sniffer.destroy(); // SIGTERM: a normal exit (shutdown hooks, a dynamic CDS archive written)
        sniffer.waitFor();
      }
    }
  }

  static long statusKb(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return 0;
  }

  /** utime + stime per thread ("tid name"), in clock ticks. */
  private static Map<String, Long> threadTicks(long pid) throws Exception {
    Map<String, Long> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.put(task.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (java.io.IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return ticks;
  }

  /** utime + stime in clock ticks (100 per second on Linux). */
  static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
