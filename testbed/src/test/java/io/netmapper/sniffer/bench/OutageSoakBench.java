package io.netmapper.sniffer.bench;

import io.netmapper.sniffer.testing.RecordingMapper;
import io.netmapper.testbed.netns.NetnsProcess;
import io.netmapper.testbed.netns.TestBed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mapper outage soak: a sniffer JVM with the chart's JVM flags, in a memory cgroup with the chart's
 * limit (256 MiB), captures 1k DNS answers/s + 1k connections/s while its mapper is away for OUTAGE
 * seconds, then the mapper starts. Prints RSS over the outage, the cgroup's peak and OOM state, the
 * sniffer's drop counters, and how long after the mapper's start the first batch and the load's
 * latest answers arrived.
 *
 * <pre>
 * java -cp ... io.netmapper.sniffer.bench.OutageSoakBench [OUTAGE_SECONDS] [RATE] [AFTER_SECONDS]
 * </pre>
 */
public final class OutageSoakBench {
  private static final long LIMIT = 256L << 20;

  private OutageSoakBench() {}

  public static void main(String[] args) throws Exception {
    int outage = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int after = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Path memcg = Path.of("/sys/fs/cgroup/memory/netmapper-soak-" + ProcessHandle.current().pid());
    try (TestBed bed = new TestBed();
        RecordingMapper mapper = new RecordingMapper()) {
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
      int healthPort = RecordingMapper.freePort();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(FootprintBench.JVM_FLAGS);
      cmd.addAll(
          List.of(
              "-cp",
              FootprintBench.snifferJar(),
              "io.netmapper.sniffer.Main",
              "--mapper-address",
              mapper.target(),
              "--node-name",
              "soak-node",
              "--node-netns",
              bed.node().path().toString(),
              "--capture-netns",
              bed.node().path().toString(),
              "--health-address",
              "127.0.0.1",
              "--health-port",
              Integer.toString(healthPort),
              "--retry-max-backoff",
              "2s"));
      Process sniffer =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(Path.of("/tmp/netmapper-soak-sniffer.log").toFile())
              .start();
      boolean cgroup = false;
      try {
        long pid = sniffer.pid();
        if (Files.isDirectory(memcg.getParent())) {
          Files.createDirectories(memcg);
          Files.writeString(memcg.resolve("memory.limit_in_bytes"), Long.toString(LIMIT));
          Files.writeString(memcg.resolve("cgroup.procs"), Long.toString(pid));
          cgroup = true;
        }
        Thread.sleep(5000); // start-up and first scan
        NetnsProcess dnsLoad =
            bed.start(
                client.netns(),
                "load-dns",
                dns.ipv4(),
                Integer.toString(rate),
                Integer.toString(outage + after),
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
                Integer.toString(outage + after));
        long maxRss = 0;
        System.out.println("| second | RSS MiB | buffered bytes | batches dropped (reason) |");
        System.out.println("|---:|---:|---:|---|");
        for (int s = 1; s <= outage; s++) {
          Thread.sleep(1000);
          if (!sniffer.isAlive()) {
            System.out.println("sniffer exited with " + sniffer.exitValue() + " at second " + s);
            return;
          }
          long rss = FootprintBench.statusKb(pid, "VmRSS:");
          maxRss = Math.max(maxRss, rss);
          if (s % 60 == 0 || s == outage) {
            String m = scrape(healthPort);
            System.out.printf(
                "| %d | %.1f | %s | %s |%n",
                s, rss / 1024.0, value(m, "netmapper_sniffer_buffer_bytes"), drops(m));
          }
        }
        long t0 = System.nanoTime();
        mapper.start();
        long start = System.nanoTime(); // the mapper listens from here
        double startMs = (start - t0) / 1e6;
        double firstMs = -1;
        for (int i = 0; i < after * 10 && firstMs < 0; i++) {
          if (!mapper.sequences.isEmpty()) {
            firstMs = (System.nanoTime() - start) / 1e6;
          }
          Thread.sleep(100);
        }
        dnsLoad.expect("DONE", after + 30);
        connLoad.expect("DONE", after + 30);
        Thread.sleep(3000); // the last interval
        String m = scrape(healthPort);
        long answers =
            mapper.dns.stream()
                .flatMap(r -> r.getAnswersList().stream())
                .mapToLong(a -> a.getSeen().getCount())
                .sum();
        System.out.println();
        System.out.printf(
            "outage %d s at %d DNS answers/s + %d connections/s; sniffer alive: %s; RSS max %.1f MiB%n",
            outage, rate, rate, sniffer.isAlive(), maxRss / 1024.0);
        if (cgroup) {
          System.out.printf(
              "memory cgroup (limit %d MiB): peak %.1f MiB, failcnt %s, %s%n",
              LIMIT >> 20,
              Long.parseLong(Files.readString(memcg.resolve("memory.max_usage_in_bytes")).trim())
                  / 1048576.0,
              Files.readString(memcg.resolve("memory.failcnt")).trim(),
              Files.readString(memcg.resolve("memory.oom_control")).replace('\n', ' ').trim());
        }
        System.out.printf(
            "mapper started (its start took %.0f ms): first batch %.0f ms after it listened (retry max"
                + " backoff 2 s); batches received %d, DNS answers in them %,d; dropped: %s; buffered"
                + " now %s bytes%n",
            startMs,
            firstMs,
            mapper.sequences.size(),
            answers,
            drops(m),
            value(m, "netmapper_sniffer_buffer_bytes"));
        dnsLoad.close();
        connLoad.close();
      } finally {
        sniffer.destroy();
        sniffer.waitFor();
        if (cgroup) {
          Files.deleteIfExists(memcg);
        }
      }
    }
  }

  private static String scrape(int port) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return "";
    }
  }

  private static String value(String metrics, String name) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> l.substring(name.length() + 1))
        .findFirst()
        .orElse("-");
  }

  private static String drops(String metrics) {
    List<String> out = new ArrayList<>();
    metrics
        .lines()
        .filter(l -> l.startsWith("netmapper_sniffer_batches_dropped_total{"))
        .forEach(l -> out.add(l.substring(l.indexOf('{'))));
    return out.isEmpty() ? "none" : String.join(", ", out);
  }
}
