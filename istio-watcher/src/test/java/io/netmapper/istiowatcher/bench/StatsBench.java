package io.netmapper.istiowatcher.bench;

import io.netmapper.istiowatcher.parse.StatsParser;
import io.netmapper.istiowatcher.testing.EnvoyStats;
import io.netmapper.istiowatcher.track.SeriesTracker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Series lines parsed per second on one thread (istio_requests_total lines as Envoy writes them,
 * ~900 bytes each with Istio's 27 labels), a whole stats page with Envoy's other metrics, the
 * scrape path (parse + sum per series + compare with the previous scrape), and memory per tracked
 * series. Not a test: run by hand (docs/benchmarks.md).
 */
public final class StatsBench {
  private StatsBench() {}

  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

  /** {@code series} distinct series of one sidecar: 50 client/server pairs, unique paths. */
  static EnvoyStats requests(EnvoyStats page, int series, int pod, long value) {
    for (int i = 0; i < series; i++) {
      int pair = i % 50;
      page.requests(
          i % 2 == 0 ? "destination" : "source",
          "ns-" + (pair % 5),
          "client-" + pair,
          "ns-" + (pair % 7),
          "server-" + pair,
          "server-" + pair,
          METHODS[i % 4],
          "/api/v1/pod" + pod + "/items/" + i + ".json",
          i % 10 == 0 ? 503 : 200,
          value + i);
    }
    return page;
  }

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    StatsParser parser = new StatsParser();

    StringBuilder onlySeries = new StringBuilder();
    requests(EnvoyStats.page(), 10_000, 0, 100)
        .build()
        .lines()
        .filter(l -> l.startsWith("istio_requests_total"))
        .forEach(l -> onlySeries.append(l).append('\n'));
    byte[] seriesOnly = onlySeries.toString().getBytes(StandardCharsets.UTF_8);
    System.out.printf(
        "series page: 10,000 istio_requests_total lines, %.0f bytes/line%n",
        seriesOnly.length / 10_000.0);
    StatsParser.Sink count = (s, v) -> {};
    run(
        "parse series lines",
        seconds,
        () -> parser.parse(seriesOnly, seriesOnly.length, count).lines());

    EnvoyStats mixed = requests(EnvoyStats.page().uptime(3600), 2_000, 0, 100);
    for (int i = 0; i < 8_000; i++) {
      mixed.raw(
          "envoy_cluster_upstream_rq_total{cluster_name=\"outbound|8080||svc-"
              + i
              + ".ns.svc.cluster.local\"} "
              + i);
    }
    byte[] page = mixed.build().getBytes(StandardCharsets.UTF_8);
    int pageLines = (int) new String(page, StandardCharsets.UTF_8).lines().count();
    System.out.printf(
        "mixed page: %,d lines (2,000 series, the rest other Envoy metrics), %,d bytes%n",
        pageLines, page.length);
    run(
        "parse whole Envoy page (all lines)",
        seconds,
        () -> parser.parse(page, page.length, count).lines());

    SeriesTracker tracker = new SeriesTracker(0, 5_000, 1_000_000, SeriesTracker.Counters.NONE);
    long[] now = {1_000_000};
    run(
        "scrape path: parse + sum + compare (series lines)",
        seconds,
        () -> {
          SeriesTracker.Scrape scrape = tracker.newScrape();
          StatsParser.Summary s = parser.parse(seriesOnly, seriesOnly.length, scrape);
          tracker.observe("pod", 0, now[0]++, scrape);
          return s.samples();
        });

    memory(parser);
  }

  static void memory(StatsParser parser) {
    int pods = 100;
    int perPod = 2_000;
    List<byte[]> pages = new ArrayList<>();
    for (int p = 0; p < pods; p++) {
      pages.add(
          requests(EnvoyStats.page().uptime(3600), perPod, p, 100)
              .build()
              .getBytes(StandardCharsets.UTF_8));
    }
    long before = used();
    SeriesTracker tracker =
        new SeriesTracker(Long.MAX_VALUE, 5_000, 1_000_000, SeriesTracker.Counters.NONE);
    for (int p = 0; p < pods; p++) {
      SeriesTracker.Scrape scrape = tracker.newScrape();
      byte[] b = pages.get(p);
      parser.parse(b, b.length, scrape);
      tracker.observe("pod-" + p, 0, 1_000, scrape);
    }
    long after = used();
    long series = tracker.trackedSeries();
    System.out.printf(
        "memory: %,d tracked series (%d sidecars x %,d, unique 30-byte paths): %,d bytes, %.0f bytes/series"
            + " (target <= 200)%n",
        series, pods, perPod, after - before, (double) (after - before) / series);
    if (tracker.sidecars() != pods || pages.isEmpty()) {
      throw new AssertionError("tracker lost sidecars");
    }
  }

  static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  interface Body {
    int run();
  }

  static void run(String name, int seconds, Body body) {
    long end = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < end) {
      body.run();
    }
    long lines = 0;
    long t0 = System.nanoTime();
    end = t0 + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      lines += body.run();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%-52s %,12.0f lines/s%n", name, lines / s);
  }
}
