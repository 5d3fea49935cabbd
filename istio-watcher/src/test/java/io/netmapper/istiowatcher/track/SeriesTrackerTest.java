package io.netmapper.istiowatcher.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.istiowatcher.parse.RequestSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SeriesTrackerTest {
  static final long WATCHER_START = 1_000_000;
  final List<String> resets = new ArrayList<>();
  final List<String> skipped = new ArrayList<>();
  final SeriesTracker tracker =
      new SeriesTracker(
          WATCHER_START,
          5_000,
          3,
          new SeriesTracker.Counters() {
            @Override
            public void counterReset(String kind) {
              resets.add(kind);
            }

            @Override
            public void seriesSkipped(String reason) {
              skipped.add(reason);
            }
          });

  static RequestSeries s(String path) {
    return new RequestSeries(
        "destination", "web", "shop", "catalog", "shop", "catalog", "GET", path);
  }

  SeriesTracker.Scrape scrape(double uptime, Object... pathValue) {
    SeriesTracker.Scrape sc = tracker.newScrape();
    sc.uptime(uptime);
    for (int i = 0; i < pathValue.length; i += 2) {
      sc.request(s((String) pathValue[i]), ((Number) pathValue[i + 1]).longValue());
    }
    return sc;
  }

  static Map<String, Long> counts(List<SeriesTracker.Delta> deltas) {
    return deltas.stream()
        .collect(Collectors.toMap(d -> d.series().path(), SeriesTracker.Delta::count));
  }

  @Test
  void sidecarOlderThanTheWatcher_firstScrapeIsABaseline_thenNewSeriesAndIncreasesAreReported() {
    long t = WATCHER_START + 10_000;
    assertThat(tracker.observe("pod-1", 0, t, scrape(3600, "/a", 100, "/b", 7))).isEmpty();
    List<SeriesTracker.Delta> d =
        tracker.observe("pod-1", 0, t + 15_000, scrape(3615, "/a", 104, "/b", 7, "/c", 2));
    assertThat(counts(d)).containsOnly(Map.entry("/a", 4L), Map.entry("/c", 2L));
    assertThat(d)
        .allSatisfy(
            x -> {
              assertThat(x.fromMillis()).isEqualTo(t);
              assertThat(x.toMillis()).isEqualTo(t + 15_000);
            });
    assertThat(tracker.trackedSeries()).isEqualTo(3);
    assertThat(tracker.observe("pod-1", 0, t + 30_000, scrape(3630, "/a", 104, "/b", 7, "/c", 2)))
        .isEmpty();
  }

  @Test
  void sidecarStartedAfterTheWatcher_everythingOnItsFirstScrapeIsNew() {
    long t = WATCHER_START + 60_000;
    List<SeriesTracker.Delta> d = tracker.observe("pod-new", 0, t, scrape(20, "/a", 5));
    assertThat(counts(d)).containsOnly(Map.entry("/a", 5L));
    assertThat(d.get(0).fromMillis()).isEqualTo(t - 20_000);
  }

  @Test
  void withoutUptime_thePodsCreationTimeDecides() {
    SeriesTracker.Scrape old = tracker.newScrape();
    old.request(s("/old"), 9);
    assertThat(tracker.observe("pod-old", WATCHER_START - 1, WATCHER_START + 5_000, old)).isEmpty();
    SeriesTracker.Scrape young = tracker.newScrape();
    young.request(s("/young"), 9);
    assertThat(
            counts(tracker.observe("pod-young", WATCHER_START + 1, WATCHER_START + 5_000, young)))
        .containsOnly(Map.entry("/young", 9L));
  }

  @Test
  void counterDecrease_reportsOnlyTheNewValue_neverTheOldTotal() {
    long t = WATCHER_START + 10_000;
    tracker.observe("pod-1", 0, t, scrape(-1, "/a", 100));
    assertThat(counts(tracker.observe("pod-1", 0, t + 15_000, scrape(-1, "/a", 3))))
        .containsOnly(Map.entry("/a", 3L));
    assertThat(resets).containsExactly("decrease");
    assertThat(counts(tracker.observe("pod-1", 0, t + 30_000, scrape(-1, "/a", 5))))
        .containsOnly(Map.entry("/a", 2L));
  }

  @Test
  void sidecarRestart_byUptime_reportsWhatTheNewProcessCounted_evenAboveTheOldValue() {
    long t = WATCHER_START + 10_000;
    tracker.observe("pod-1", 0, t, scrape(3600, "/a", 10, "/b", 4));
    // restarted 5 s ago: /a already at 12 (more than before) — all of it is new; /b not seen since
    List<SeriesTracker.Delta> d = tracker.observe("pod-1", 0, t + 15_000, scrape(5, "/a", 12));
    assertThat(counts(d)).containsOnly(Map.entry("/a", 12L));
    assertThat(d.get(0).fromMillis()).isEqualTo(t + 10_000);
    assertThat(resets).containsExactly("restart");
    assertThat(tracker.trackedSeries()).isEqualTo(1);
    assertThat(tracker.observe("pod-1", 0, t + 30_000, scrape(20, "/a", 12))).isEmpty();
  }

  @Test
  void seriesMissingFromOneScrape_comingBack_isNotNewTraffic() {
    long t = WATCHER_START + 10_000;
    tracker.observe("pod-1", 0, t, scrape(3600, "/a", 10, "/b", 4));
    assertThat(tracker.observe("pod-1", 0, t + 15_000, scrape(3615, "/a", 10))).isEmpty();
    assertThat(counts(tracker.observe("pod-1", 0, t + 30_000, scrape(3630, "/a", 10, "/b", 6))))
        .containsOnly(Map.entry("/b", 2L));
  }

  @Test
  void uptimeJitterWithinTheSlack_isNotARestart() {
    long t = WATCHER_START + 10_000;
    tracker.observe("pod-1", 0, t, scrape(3600, "/a", 10));
    assertThat(tracker.observe("pod-1", 0, t + 15_000, scrape(3613, "/a", 10))).isEmpty();
    assertThat(resets).isEmpty();
  }

  @Test
  void seriesBeyondTheLimit_areSkippedAndCounted() {
    SeriesTracker.Scrape sc = scrape(3600, "/1", 1, "/2", 1, "/3", 1, "/4", 1);
    assertThat(sc.size()).isEqualTo(3);
    assertThat(skipped).containsExactly(SeriesTracker.SERIES_LIMIT);
  }

  @Test
  void forgottenAndNotRetainedSidecars_dropTheirSeries_aNewPodWithTheSameNameStartsOver() {
    long t = WATCHER_START + 10_000;
    tracker.observe("uid-1", 0, t, scrape(3600, "/a", 10));
    tracker.observe("uid-2", 0, t, scrape(3600, "/b", 10));
    tracker.forget("uid-1");
    tracker.retainOnly(java.util.Set.of());
    assertThat(tracker.trackedSeries()).isZero();
    assertThat(tracker.sidecars()).isZero();
  }
}
