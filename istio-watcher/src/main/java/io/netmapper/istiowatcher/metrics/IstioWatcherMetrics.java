package io.netmapper.istiowatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netmapper.common.deliver.DeliveryMeters;
import io.netmapper.istiowatcher.track.SeriesTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every istio-watcher metric, named {@code netmapper_istiowatcher_*}, in the registry it is given
 * (its own when standalone, the mapper's when the mapper runs the watcher). Every failure, skip or
 * drop counter has a {@code reason} label.
 */
public final class IstioWatcherMetrics implements SeriesTracker.Counters {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final DeliveryMeters delivery;

  public IstioWatcherMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.delivery = new DeliveryMeters(registry, "netmapper.istiowatcher");
  }

  private Counter counter(String name, String help, String... tags) {
    String key = name + '|' + String.join("|", tags);
    return counters.computeIfAbsent(
        key, k -> Counter.builder(name).description(help).tags(Tags.of(tags)).register(registry));
  }

  public void scraped() {
    counter("netmapper.istiowatcher.scrapes", "Sidecar stats pages read").increment();
  }

  public void scrapeFailed(String reason) {
    counter(
            "netmapper.istiowatcher.scrape.failures",
            "Sidecar scrapes that gave no usable body",
            "reason",
            reason)
        .increment();
  }

  public void linesMalformed(String reason, long n) {
    counter(
            "netmapper.istiowatcher.lines.malformed",
            "Stats lines that could not be read",
            "reason",
            reason)
        .increment(n);
  }

  @Override
  public void seriesSkipped(String reason) {
    counter(
            "netmapper.istiowatcher.series.skipped",
            "istio_requests_total series not tracked",
            "reason",
            reason)
        .increment();
  }

  @Override
  public void counterReset(String kind) {
    counter(
            "netmapper.istiowatcher.counter.resets",
            "Counter resets seen (sidecar restart or a series going down)",
            "kind",
            kind)
        .increment();
  }

  public void accessesReported(long n) {
    counter("netmapper.istiowatcher.accesses.reported", "HTTP accesses handed to delivery")
        .increment(n);
  }

  public void gauges(
      Supplier<Number> sidecars, Supplier<Number> series, Supplier<Number> bufferedBatches) {
    Gauge.builder("netmapper.istiowatcher.sidecars", sidecars)
        .description("Pods with a sidecar being scraped")
        .register(registry);
    Gauge.builder("netmapper.istiowatcher.series.tracked", series)
        .description("istio_requests_total series whose values are kept")
        .register(registry);
    delivery.bufferGauges(null, bufferedBatches);
  }

  /**
   * The delivery metrics ({@code netmapper_istiowatcher_reports_*}, {@code
   * netmapper_istiowatcher_buffer_batches}).
   */
  public DeliveryMeters delivery() {
    return delivery;
  }
}
