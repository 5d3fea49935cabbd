package io.netmapper.kafkawatcher.bench;

import io.netmapper.kafkawatcher.collect.AccessAggregator;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.collect.LineHandler;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import io.netmapper.kafkawatcher.parse.AuthorizerLogParser;
import io.netmapper.kafkawatcher.parse.ParseResult;
import io.netmapper.kafkawatcher.source.SplitterBench;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lines per second on one thread: the parser alone, the line path (parse → per-interval
 * aggregation), the same with the real Prometheus counters, and file mode from raw bytes (line
 * splitting + UTF-8 + the counted line path). Not a test: run by hand (docs/benchmarks.md).
 */
public final class ParserBench {
  private ParserBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> lines = sample(20_000, new Random(7));
    long bytes = lines.stream().mapToLong(l -> l.length() + 1).sum();
    System.out.printf(
        "sample: %,d lines, %.0f bytes/line on average (60%% KRaft Allowed, 10%% Denied,"
            + " 10%% AclAuthorizer, 20%% other broker lines)%n",
        lines.size(), (double) bytes / lines.size());

    AuthorizerLogParser parser = new AuthorizerLogParser();
    run(
        "parser only",
        seconds,
        lines,
        line -> parser.parse(line) instanceof ParseResult.Matched ? 1 : 0);

    AccessAggregator aggregator = new AccessAggregator(1_000_000, reason -> {});
    LineHandler handler =
        new LineHandler(new BrokerPod("kafka", "kafka-0"), ZoneOffset.UTC, aggregator, NO_COUNTERS);
    run(
        "line path (parse + aggregate)",
        seconds,
        lines,
        line -> {
          handler.line(line, 0);
          return 1;
        });
    System.out.printf("  distinct accesses aggregated: %,d%n", aggregator.drain().size());

    KafkaWatcherMetrics metrics = new KafkaWatcherMetrics();
    AccessAggregator measured = new AccessAggregator(1_000_000, metrics);
    LineHandler counted =
        new LineHandler(new BrokerPod("kafka", "kafka-0"), ZoneOffset.UTC, measured, metrics);
    run(
        "line path + Prometheus counters",
        seconds,
        lines,
        line -> {
          counted.line(line, 0);
          return 1;
        });
    measured.drain();

    byte[] file = String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    long n = 0;
    long deadline = start + seconds * 1_000_000_000L;
    int rounds = 0;
    while (System.nanoTime() < deadline || rounds < 2) {
      n += SplitterBench.feed(file, 64 * 1024, counted);
      rounds++;
      if (rounds == 2) {
        start = System.nanoTime(); // the first two rounds warm up
        n = 0;
        deadline = start + seconds * 1_000_000_000L;
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-40s %,12.0f lines/s  %,8.1f MiB/s%n",
        "file mode (bytes → lines → counters → aggregate)",
        n / secs,
        n / secs * bytes / lines.size() / (1 << 20));
  }

  interface LineTask {
    int apply(String line);
  }

  static void run(String name, int seconds, List<String> lines, LineTask task) {
    long sink = 0;
    // warm-up
    long warm = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < warm) {
      for (String l : lines) {
        sink += task.apply(l);
      }
    }
    long n = 0;
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String l : lines) {
        sink += task.apply(l);
      }
      n += lines.size();
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-40s %,12.0f lines/s  (checksum %d)%n", name, n / secs, sink % 10);
  }

  static List<String> sample(int count, Random r) {
    List<String> out = new ArrayList<>(count);
    String[] ops = {"READ", "WRITE", "DESCRIBE"};
    String[] requests = {"Fetch", "Produce", "Metadata"};
    for (int i = 0; i < count; i++) {
      int kind = r.nextInt(10);
      String ts =
          String.format(
              "2026-11-26 03:%02d:%02d,%03d", r.nextInt(60), r.nextInt(60), r.nextInt(1000));
      String ip = "10.244." + r.nextInt(4) + "." + (1 + r.nextInt(250));
      String topic = "topic-" + r.nextInt(200);
      int op = r.nextInt(3);
      if (kind < 6) {
        out.add(
            "["
                + ts
                + "] DEBUG Principal = User:svc-"
                + r.nextInt(50)
                + " is Allowed operation = "
                + ops[op]
                + " from host = "
                + ip
                + " on resource = Topic:LITERAL:"
                + topic
                + " for request = "
                + requests[op]
                + " with resourceRefCount = 1 based on rule MatchingAcl(acl=StandardAcl(resourceType=TOPIC, resourceName="
                + topic
                + ", patternType=LITERAL, principal=User:*, host=*, operation="
                + ops[op]
                + ", permissionType=ALLOW)) (kafka.authorizer.logger)");
      } else if (kind < 7) {
        out.add(
            "["
                + ts
                + "] INFO Principal = User:svc-"
                + r.nextInt(50)
                + " is Denied operation = "
                + ops[op]
                + " from host = "
                + ip
                + " on resource = Topic:LITERAL:"
                + topic
                + " for request = "
                + requests[op]
                + " with resourceRefCount = 1 based on rule DefaultDeny (kafka.authorizer.logger)");
      } else if (kind < 8) {
        out.add(
            "["
                + ts
                + "] INFO Principal = User:svc-"
                + r.nextInt(50)
                + " is Allowed Operation = Read from host = "
                + ip
                + " on resource = Topic:LITERAL:"
                + topic
                + " for request = Fetch with resourceRefCount = 1"
                + " (kafka.authorizer.logger)");
      } else {
        out.add(
            "["
                + ts
                + "] INFO [ReplicaFetcherManager on broker 0] Removed fetcher for partitions Set("
                + topic
                + "-0) (kafka.server.ReplicaFetcherManager)");
      }
    }
    return out;
  }

  static final LineHandler.Counters NO_COUNTERS =
      new LineHandler.Counters() {
        @Override
        public void lineRead(BrokerPod broker) {}

        @Override
        public void lineMatched(BrokerPod broker, boolean allowed, String resource) {}

        @Override
        public void lineMalformed(String reason) {}
      };
}
