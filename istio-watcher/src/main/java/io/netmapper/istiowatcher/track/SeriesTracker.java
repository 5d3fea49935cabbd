package io.netmapper.istiowatcher.track;

import io.netmapper.istiowatcher.parse.RequestSeries;
import io.netmapper.istiowatcher.parse.StatsParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns cumulative counters into traffic that happened. Per sidecar (pod UID) it keeps the last
 * value of each series and reports:
 *
 * <ul>
 *   <li>nothing on the first scrape of a sidecar that started before the watcher did: its counters
 *       hold traffic of unknown age (the baseline);
 *   <li>every series on the first scrape of a sidecar that started after the watcher (by Envoy's
 *       {@code envoy_server_uptime}, else the pod's creation time): all of it is new;
 *   <li>afterwards a new series with its value, an increased series with the increase;
 *   <li>a series whose value went down (a counter reset) with its new value, which was counted
 *       after the previous scrape; a restarted sidecar (its start time moved forward) with every
 *       series' value, all counted since the restart — never what it had counted before.
 * </ul>
 *
 * A series missing from one scrape keeps its last value until the sidecar restarts, so its
 * reappearance is not mistaken for new traffic. Each sidecar is observed by one thread at a time.
 */
public final class SeriesTracker {
  /** Counts resets for metrics. */
  public interface Counters {
    Counters NONE = new Counters() {};

    /**
     * {@code kind}: {@code restart} (sidecar start time moved) or {@code decrease} (one series went
     * down).
     */
    default void counterReset(String kind) {}

    default void seriesSkipped(String reason) {}
  }

  /** Reason label of series beyond the per-sidecar limit. */
  public static final String SERIES_LIMIT = "series_limit";

  /**
   * Traffic of one series between two scrapes.
   *
   * @param fromMillis previous scrape (or the sidecar's start)
   * @param toMillis this scrape
   */
  public record Delta(RequestSeries series, long count, long fromMillis, long toMillis) {}

  /** One scrape's values, summed per series; fill it with {@link StatsParser}. */
  public static final class Scrape implements StatsParser.Sink {
    final HashMap<RequestSeries, long[]> values = new HashMap<>();
    private final int maxSeries;
    private final Counters counters;
    double uptimeSeconds = -1;

    public Scrape(int maxSeries, Counters counters) {
      this.maxSeries = maxSeries;
      this.counters = counters;
    }

    @Override
    public void request(RequestSeries series, long value) {
      long[] v = values.get(series);
      if (v == null) {
        if (values.size() >= maxSeries) {
          counters.seriesSkipped(SERIES_LIMIT);
          return;
        }
        values.put(series, new long[] {value});
      } else {
        v[0] += value;
      }
    }

    @Override
    public void uptime(double seconds) {
      uptimeSeconds = seconds;
    }

    @Override
    public void skipped(String reason) {
      counters.seriesSkipped(reason);
    }

    public int size() {
      return values.size();
    }
  }

  private static final long UNKNOWN = Long.MIN_VALUE;

  private static final class Sidecar {
    long startMillis;
    long lastScrapeMillis;
    HashMap<RequestSeries, long[]> counts;
  }

  private final long watcherStartMillis;
  private final long restartSlackMillis;
  private final int maxSeries;
  private final Counters counters;
  private final Map<String, Sidecar> sidecars = new ConcurrentHashMap<>();
  private final AtomicLong tracked = new AtomicLong();

  /**
   * @param watcherStartMillis when the watcher started: sidecars started before it are baselined
   * @param restartSlackMillis how far a sidecar's computed start may move without being a restart
   */
  public SeriesTracker(
      long watcherStartMillis, long restartSlackMillis, int maxSeries, Counters counters) {
    this.watcherStartMillis = watcherStartMillis;
    this.restartSlackMillis = restartSlackMillis;
    this.maxSeries = maxSeries;
    this.counters = counters;
  }

  public Scrape newScrape() {
    return new Scrape(maxSeries, counters);
  }

  /**
   * Compares a scrape with the sidecar's previous one; returns the traffic that happened in
   * between.
   */
  public List<Delta> observe(
      String podUid, long podCreatedMillis, long scrapeMillis, Scrape scrape) {
    long start =
        scrape.uptimeSeconds >= 0 ? scrapeMillis - (long) (scrape.uptimeSeconds * 1000) : UNKNOWN;
    Sidecar s = sidecars.get(podUid);
    List<Delta> out = new ArrayList<>();
    if (s == null) {
      s = new Sidecar();
      long started = start != UNKNOWN ? start : podCreatedMillis;
      if (started > watcherStartMillis) {
        long from = Math.min(Math.max(started, 0), scrapeMillis);
        scrape.values.forEach((k, v) -> addIfPositive(out, k, v[0], from, scrapeMillis));
      }
      s.counts = scrape.values;
      s.startMillis = start;
      s.lastScrapeMillis = scrapeMillis;
      tracked.addAndGet(s.counts.size());
      sidecars.put(podUid, s);
      return out;
    }
    long from = s.lastScrapeMillis;
    boolean restarted =
        start != UNKNOWN && s.startMillis != UNKNOWN && start > s.startMillis + restartSlackMillis;
    int before = s.counts.size();
    if (restarted) {
      counters.counterReset("restart");
      scrape.values.forEach(
          (k, v) -> addIfPositive(out, k, v[0], Math.max(from, start), scrapeMillis));
    } else {
      for (Map.Entry<RequestSeries, long[]> e : scrape.values.entrySet()) {
        long now = e.getValue()[0];
        long[] prev = s.counts.get(e.getKey());
        if (prev == null) {
          addIfPositive(out, e.getKey(), now, from, scrapeMillis);
        } else if (now > prev[0]) {
          out.add(new Delta(e.getKey(), now - prev[0], from, scrapeMillis));
        } else if (now < prev[0]) {
          counters.counterReset("decrease");
          addIfPositive(out, e.getKey(), now, from, scrapeMillis);
        }
      }
      // keep series missing from this scrape, so that coming back is not new traffic
      for (Map.Entry<RequestSeries, long[]> e : s.counts.entrySet()) {
        if (scrape.values.size() >= maxSeries) {
          break;
        }
        scrape.values.putIfAbsent(e.getKey(), e.getValue());
      }
    }
    s.counts = scrape.values;
    if (start != UNKNOWN) {
      s.startMillis = start;
    }
    s.lastScrapeMillis = scrapeMillis;
    tracked.addAndGet(s.counts.size() - before);
    return out;
  }

  private static void addIfPositive(
      List<Delta> out, RequestSeries k, long value, long from, long to) {
    if (value > 0) {
      out.add(new Delta(k, value, Math.min(from, to), to));
    }
  }

  /** Forgets a sidecar (its pod is gone). */
  public void forget(String podUid) {
    Sidecar s = sidecars.remove(podUid);
    if (s != null) {
      tracked.addAndGet(-s.counts.size());
    }
  }

  /** Forgets every sidecar not in {@code live} (pods deleted while they were being scraped). */
  public void retainOnly(java.util.Set<String> live) {
    for (String uid : List.copyOf(sidecars.keySet())) {
      if (!live.contains(uid)) {
        forget(uid);
      }
    }
  }

  public long trackedSeries() {
    return tracked.get();
  }

  public int sidecars() {
    return sidecars.size();
  }
}
