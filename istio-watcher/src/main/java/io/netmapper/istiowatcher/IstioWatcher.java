package io.netmapper.istiowatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.api.v1.HttpAccess;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.reporter.ReporterRuntime;
import io.netmapper.common.run.DaemonThreads;
import io.netmapper.istiowatcher.deliver.HttpReports;
import io.netmapper.istiowatcher.discover.Sidecar;
import io.netmapper.istiowatcher.discover.SidecarPods;
import io.netmapper.istiowatcher.metrics.IstioWatcherMetrics;
import io.netmapper.istiowatcher.parse.StatsParser;
import io.netmapper.istiowatcher.scrape.StatsScraper;
import io.netmapper.istiowatcher.track.SeriesTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's lifecycle: an informer finds sidecar pods; every interval each sidecar's stats page
 * is scraped (at most {@code scrapeConcurrency} at a time), parsed, compared with its previous
 * values, and the traffic that happened is reported through the shared delivery. Runs standalone
 * ({@link Main}, with its own health server) or inside the mapper, which passes its own registry
 * and an in-process sender.
 */
public final class IstioWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IstioWatcher.class);
  public static final String COMPONENT = "istio-watcher";
  private static final long RESTART_SLACK_MILLIS = 5_000;

  private final IstioWatcherConfig config;
  private final IstioWatcherMetrics metrics;
  private final Clock clock;
  private final SidecarPods sidecars;
  private final StatsScraper scraper;
  private final StatsParser parser = new StatsParser();
  private final SeriesTracker tracker;
  private final ReporterRuntime<HttpAccessReport> runtime;
  private final HttpReports reports;
  private final ExecutorService scrapers;
  // the failure reason of each sidecar's last scrape: a log line when it starts failing, changes
  // reason, recovers
  private final java.util.Map<String, String> failing =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A watcher inside another component (the mapper), which serves health and metrics itself and
   * passes its registry and an in-process sender.
   */
  public IstioWatcher(
      IstioWatcherConfig config,
      MeterRegistry registry,
      BatchSender<? super HttpAccessReport> sender,
      KubernetesClient client,
      Clock clock) {
    this(config, registry, () -> "", false, sender, client, clock);
  }

  /** The standalone watcher ({@link Main}): serves /healthz and /metrics from {@code registry}. */
  public static IstioWatcher standalone(
      IstioWatcherConfig config,
      PrometheusMeterRegistry registry,
      BatchSender<? super HttpAccessReport> sender,
      KubernetesClient client,
      Clock clock) {
    return new IstioWatcher(config, registry, registry::scrape, true, sender, client, clock);
  }

  private IstioWatcher(
      IstioWatcherConfig config,
      MeterRegistry registry,
      Supplier<String> scrape,
      boolean serveHealth,
      BatchSender<? super HttpAccessReport> sender,
      KubernetesClient client,
      Clock clock) {
    this.config = config;
    this.clock = clock;
    this.metrics = new IstioWatcherMetrics(registry);
    this.sidecars = new SidecarPods(client, config.namespace(), config.statsPort());
    this.scraper = new StatsScraper(config.scrapeTimeout(), config.maxResponseBytes());
    this.tracker =
        new SeriesTracker(
            clock.millis(), RESTART_SLACK_MILLIS, config.maxSeriesPerSidecar(), metrics);
    this.runtime =
        ReporterRuntime.<HttpAccessReport>builder(
                COMPONENT, config.reporter(), sender, metrics.delivery())
            .describe(config::describe)
            .metrics(scrape)
            .serveHealth(serveHealth)
            .cycleEvery(config.scrapeInterval(), this::cycle)
            .ready(sidecars::synced)
            .healthLines(this::healthLines)
            .sources(new Scraping())
            // a cycle waits for its scrapes, each at most the scrape timeout
            .stopTimeouts(config.scrapeTimeout().plusSeconds(1), Duration.ofSeconds(5))
            .build();
    this.reports = new HttpReports(runtime.delivery(), config.batchMaxEntries());
    this.scrapers =
        Executors.newFixedThreadPool(
            config.scrapeConcurrency(), DaemonThreads.named("istio-watcher-scrape"));
    metrics.gauges(sidecars::size, tracker::trackedSeries, runtime.delivery()::bufferedBatches);
  }

  /** Starts the sidecar informer, delivery and the scrape cycle (and the health server if own). */
  public void start() {
    try {
      runtime.start();
    } catch (HealthServer.StartException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(COMPONENT + ": interrupted while starting", e);
    }
  }

  /** The sidecar informer and the scraper pool. */
  private final class Scraping implements ReporterRuntime.Sources {
    @Override
    public void start(ScheduledExecutorService scheduler) {
      sidecars.start();
    }

    @Override
    public void stop() {
      scrapers.shutdownNow();
      sidecars.close();
    }
  }

  /** Scrapes every known sidecar once and offers what happened; returns the accesses offered. */
  public int cycle() {
    if (!sidecars.synced()) {
      return 0;
    }
    List<Sidecar> all = sidecars.current();
    List<Future<List<SeriesTracker.Delta>>> pending = new ArrayList<>(all.size());
    for (Sidecar s : all) {
      pending.add(scrapers.submit(() -> scrapeOne(s)));
    }
    List<SeriesTracker.Delta> deltas = new ArrayList<>();
    for (Future<List<SeriesTracker.Delta>> f : pending) {
      try {
        deltas.addAll(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.warn("istio-watcher: scrape task failed: {}", e.getCause().toString());
      }
    }
    Set<String> live = new HashSet<>();
    sidecars.current().forEach(s -> live.add(s.uid()));
    tracker.retainOnly(live);
    failing.keySet().retainAll(live);
    List<HttpAccess> accesses = HttpReports.accesses(deltas);
    if (!accesses.isEmpty()) {
      reports.offer(accesses);
      metrics.accessesReported(accesses.size());
    }
    return accesses.size();
  }

  private List<SeriesTracker.Delta> scrapeOne(Sidecar s) {
    StatsScraper.Result result = scraper.scrape(s.statsUri(config.statsPath()));
    long now = clock.millis();
    if (result instanceof StatsScraper.Failure f) {
      if (!f.reason().equals(StatsScraper.INTERRUPTED)) {
        failed(s, f.reason(), f.detail());
      }
      return List.of();
    }
    StatsScraper.Body body = (StatsScraper.Body) result;
    SeriesTracker.Scrape scrape = tracker.newScrape();
    Malformed malformed = new Malformed(scrape);
    StatsParser.Summary summary = parser.parse(body.bytes(), body.length(), malformed);
    if (!summary.looksLikePrometheus()) {
      failed(
          s, StatsScraper.NOT_PROMETHEUS, summary.lines() + " lines, none of them Prometheus text");
      return List.of();
    }
    if (failing.remove(s.uid()) != null) {
      LOG.info("sidecar scrape recovered pod={}", s.key());
    }
    malformed.flush(metrics);
    metrics.scraped();
    return tracker.observe(s.uid(), s.createdMillis(), now, scrape);
  }

  private void failed(Sidecar s, String reason, String detail) {
    metrics.scrapeFailed(reason);
    if (!reason.equals(failing.put(s.uid(), reason))) {
      LOG.warn(
          "sidecar scrape failing pod={} url={} reason={} detail={} (logged again on change or recovery)",
          s.key(),
          s.statsUri(config.statsPath()),
          reason,
          detail);
    } else {
      LOG.debug("sidecar scrape failed again pod={} reason={}", s.key(), reason);
    }
  }

  /** Counts malformed lines per reason (counted only when the body is Prometheus text at all). */
  private static final class Malformed implements StatsParser.Sink {
    private final SeriesTracker.Scrape scrape;
    private final java.util.Map<String, long[]> byReason = new java.util.HashMap<>();

    Malformed(SeriesTracker.Scrape scrape) {
      this.scrape = scrape;
    }

    @Override
    public void request(io.netmapper.istiowatcher.parse.RequestSeries series, long value) {
      scrape.request(series, value);
    }

    @Override
    public void uptime(double seconds) {
      scrape.uptime(seconds);
    }

    @Override
    public void skipped(String reason) {
      scrape.skipped(reason);
    }

    @Override
    public void malformed(String reason) {
      byReason.computeIfAbsent(reason, r -> new long[1])[0]++;
    }

    void flush(IstioWatcherMetrics metrics) {
      byReason.forEach((r, n) -> metrics.linesMalformed(r, n[0]));
    }
  }

  /** Running and the sidecar informer has synced. */
  public boolean healthy() {
    return runtime.healthy();
  }

  public String healthText() {
    return runtime.healthText();
  }

  private void healthLines(StringBuilder out) {
    out.append("sidecars ")
        .append(sidecars.size())
        .append("\nseries tracked ")
        .append(tracker.trackedSeries())
        .append('\n');
  }

  /** The bound health port of a standalone watcher. */
  public int healthPort() {
    return runtime.healthPort();
  }

  public long trackedSeries() {
    return tracker.trackedSeries();
  }

  /** Stops the cycle (a running one finishes), the informer and delivery. */
  @Override
  public void close() {
    runtime.close();
  }
}
