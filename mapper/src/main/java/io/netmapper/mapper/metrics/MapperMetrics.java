package io.netmapper.mapper.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The mapper's metrics, all named {@code netmapper_mapper_*}. Every rejection or loss carries a
 * {@code reason} label. Meters are cached so the ingest hot path does no registry lookups.
 */
public final class MapperMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  // per-observation counters, looked up by their constant kind string (no key building)
  private final Map<String, Counter> resolvedByKind = new ConcurrentHashMap<>();
  private final Timer resolutionLatency;
  private final Timer storeCommit;

  public MapperMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.resolutionLatency =
        Timer.builder("netmapper_mapper_resolution_latency")
            .description(
                "Time from arrival of an observation to its edge being stored (includes waiting for the cache)")
            .register(registry);
    this.storeCommit =
        Timer.builder("netmapper_mapper_store_commit")
            .description(
                "Duration of one group commit of the durable map (changed edges + batch ledger)")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void received(String kind, long n) {
    counter("netmapper_mapper_observations_received", "kind", kind, null, null).increment(n);
  }

  public void resolved(String kind) {
    Counter c = resolvedByKind.get(kind);
    if (c == null) {
      c =
          resolvedByKind.computeIfAbsent(
              kind, k -> counter("netmapper_mapper_observations_resolved", "kind", k, null, null));
    }
    c.increment();
  }

  public void unresolved(String kind, String reason) {
    counter("netmapper_mapper_observations_unresolved", "kind", kind, "reason", reason).increment();
  }

  public void rejected(String kind, String reason, long n) {
    counter("netmapper_mapper_observations_rejected", "kind", kind, "reason", reason).increment(n);
  }

  public void retried(String kind, String reason) {
    counter("netmapper_mapper_observations_retried", "kind", kind, "reason", reason).increment();
  }

  public void batchRejected(String rpc, String reason) {
    counter("netmapper_mapper_batches_rejected", "rpc", rpc, "reason", reason).increment();
  }

  public void duplicateBatch(String component) {
    counter("netmapper_mapper_batches_duplicate", "component", component, null, null).increment();
  }

  public void batchApplied(String rpc) {
    counter("netmapper_mapper_batches_applied", "rpc", rpc, null, null).increment();
  }

  public void edgeCreated(String type) {
    counter("netmapper_mapper_edges_created", "type", type, null, null).increment();
  }

  public void resolutionLatency(long nanos) {
    resolutionLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A group commit of the durable map succeeded. */
  public void storeCommitted(long nanos, int edges) {
    storeCommit.record(nanos, TimeUnit.NANOSECONDS);
    counter("netmapper_mapper_store_edges_written", "store", "all", null, null).increment(edges);
  }

  /** The durable map could not open, load or commit; reason: open, migrate, commit, corrupt_row. */
  public void storeFailure(String reason) {
    counter("netmapper_mapper_store_failures", "reason", reason, null, null).increment();
  }

  /** Registers a gauge read on scrape, e.g. live edges or a cache size. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value, v -> v.get().doubleValue())
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private Counter counter(String name, String k1, String v1, String k2, String v2) {
    String key = name + '|' + v1 + '|' + v2;
    Counter c = counters.get(key);
    if (c == null) {
      c =
          counters.computeIfAbsent(
              key,
              x -> {
                Counter.Builder b = Counter.builder(name).tag(k1, v1);
                if (k2 != null) {
                  b.tag(k2, v2);
                }
                return b.register(registry);
              });
    }
    return c;
  }
}
