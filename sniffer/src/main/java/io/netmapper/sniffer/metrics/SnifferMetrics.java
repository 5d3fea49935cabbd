package io.netmapper.sniffer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.common.deliver.DeliveryListener;
import io.netmapper.sniffer.capture.CaptureCounters;
import io.netmapper.sniffer.collect.Aggregator;
import io.netmapper.sniffer.hostnet.HostnetCounters;
import io.netmapper.sniffer.procfs.ScanCounters;
import io.netmapper.sniffer.procfs.ScanResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every sniffer metric, named {@code netmapper_sniffer_*}; every drop or skip counter has a {@code
 * reason} label. Implements the counting interfaces of capture, scan, aggregation and delivery so
 * those packages do not depend on Micrometer.
 */
public final class SnifferMetrics
    implements CaptureCounters,
        ScanCounters,
        Aggregator.Counters,
        DeliveryListener,
        HostnetCounters {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> byName = new ConcurrentHashMap<>();
  private final Counter packets =
      counter("netmapper.sniffer.packets", "Packets captured", null, null);
  private final Counter dnsAnswers =
      counter("netmapper.sniffer.dns.answers", "DNS answers parsed", null, null);
  private final Counter syns =
      counter("netmapper.sniffer.syns", "TCP SYNs (connection attempts) seen", null, null);
  private final Counter batchesSent =
      counter(
          "netmapper.sniffer.batches.sent",
          "Report batches acknowledged by the mapper",
          null,
          null);
  private final Counter batchesRetried =
      counter(
          "netmapper.sniffer.batches.retried",
          "Failed report deliveries that will be retried",
          null,
          null);
  private final Counter hostnetAttributed =
      counter(
          "netmapper.sniffer.hostnet.attributed",
          "SYNs and DNS answers of a node address reported with their hostNetwork pod",
          null,
          null);
  private final Timer scanDuration =
      Timer.builder("netmapper.sniffer.scan.duration")
          .description("Duration of one socket scan pass")
          .register(registry);
  private final AtomicLong namespaces = new AtomicLong();
  private final AtomicLong unchanged = new AtomicLong();

  public SnifferMetrics() {
    Gauge.builder("netmapper.sniffer.scan.namespaces", namespaces, AtomicLong::get)
        .description("Network namespaces read in the last socket scan")
        .register(registry);
    Gauge.builder("netmapper.sniffer.scan.namespaces.unchanged", unchanged, AtomicLong::get)
        .description("Namespaces of the last scan whose TCP counters had not moved (tables reused)")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  /** Registers gauges for the delivery buffer. */
  public void bufferGauges(Supplier<Number> bytes, Supplier<Number> batches) {
    Gauge.builder("netmapper.sniffer.buffer.bytes", bytes)
        .description("Bytes of unacknowledged report batches")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("netmapper.sniffer.buffer.batches", batches)
        .description("Unacknowledged report batches")
        .register(registry);
  }

  private Counter counter(String name, String help, String tagKey, String tagValue) {
    String key = tagKey == null ? name : name + '|' + tagKey + '=' + tagValue;
    return byName.computeIfAbsent(
        key,
        k -> {
          Counter.Builder b = Counter.builder(name).description(help);
          if (tagKey != null) {
            b.tag(tagKey, tagValue);
          }
          return b.register(registry);
        });
  }

  @Override
  public void packet() {
    packets.increment();
  }

  @Override
  public void malformed(String reason) {
    counter(
            "netmapper.sniffer.malformed.packets",
            "Packets that could not be decoded",
            "reason",
            reason)
        .increment();
  }

  @Override
  public void skipped(String reason) {
    counter("netmapper.sniffer.skipped", "Well-formed packets not used", "reason", reason)
        .increment();
  }

  @Override
  public void dnsAnswer() {
    dnsAnswers.increment();
  }

  @Override
  public void dnsIgnored(String reason) {
    counter(
            "netmapper.sniffer.dns.ignored",
            "DNS responses without usable answer",
            "reason",
            reason)
        .increment();
  }

  @Override
  public void syn() {
    syns.increment();
  }

  @Override
  public void kernelDropped(long packetCount) {
    counter(
            "netmapper.sniffer.dropped.packets",
            "Packets lost before decoding",
            "reason",
            "kernel_buffer")
        .increment(packetCount);
  }

  @Override
  public void entrySkipped(String reason) {
    counter(
            "netmapper.sniffer.scan.skipped",
            "/proc entries skipped by the socket scan",
            "reason",
            reason)
        .increment();
  }

  @Override
  public void scanned(ScanResult result) {
    scanDuration.record(result.durationNanos(), TimeUnit.NANOSECONDS);
    namespaces.set(result.namespaces());
    unchanged.set(result.unchanged());
  }

  @Override
  public void duplicate(String kind) {
    counter(
            "netmapper.sniffer.duplicate.captures",
            "Same packet captured on several interfaces",
            "kind",
            kind)
        .increment();
  }

  @Override
  public void dropped(String kind, String reason) {
    counter(
            "netmapper.sniffer.dropped.observations",
            "Observations not aggregated",
            "reason",
            reason)
        .increment();
  }

  @Override
  public void truncated(String what) {
    counter(
            "netmapper.sniffer.truncated.answers",
            "DNS answers kept with part cut off (a capped address list or CNAME chain)",
            "reason",
            what)
        .increment();
  }

  @Override
  public void sent(long sequence, int bytes, int attempts) {
    batchesSent.increment();
  }

  @Override
  public void retrying(long sequence, int failures, long delayNanos, Exception failure) {
    batchesRetried.increment();
  }

  @Override
  public void dropped(long sequence, int bytes, String reason) {
    counter("netmapper.sniffer.batches.dropped", "Report batches dropped", "reason", reason)
        .increment();
  }

  @Override
  public void lookup(String outcome) {
    counter(
            "netmapper.sniffer.hostnet.lookups",
            "Socket lookups for SYNs and DNS queries of node addresses",
            "outcome",
            outcome)
        .increment();
  }

  @Override
  public void unattributed(String reason) {
    counter(
            "netmapper.sniffer.hostnet.unattributed",
            "SYNs and DNS answers of a node address reported without a pod",
            "reason",
            reason)
        .increment();
  }

  /**
   * Host-network attribution cannot work ({@code reason}: cgroup_root_missing,
   * cgroup_root_unreadable, cgroup_root_not_cgroup2, capture_failed): a gauge at 1.
   */
  public void hostnetDegraded(String reason) {
    Gauge.builder("netmapper.sniffer.hostnet.degraded", () -> 1)
        .description("1 when host-network attribution cannot work, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  @Override
  public void attributed() {
    hostnetAttributed.increment();
  }
}
