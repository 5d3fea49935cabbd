package io.netmapper.mapper.resolve;

import io.netmapper.mapper.metrics.MapperMetrics;
import io.netmapper.mapper.store.EdgeUpdate;
import io.netmapper.mapper.store.IntentStore;
import io.netmapper.mapper.store.Peer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Resolves observations into the store. What cannot be resolved yet (a pod or Service not in the
 * cache yet) waits in a bounded queue and is retried until its pending time is over; then it is
 * resolved a last time or counted as unresolved with a reason. Nothing is dropped uncounted.
 */
public final class ResolutionPipeline {
  private record Pending(Observation observation, long arrivedNanos, long arrivedMillis) {}

  private final Resolver resolver;
  private final IntentStore store;
  private final MapperMetrics metrics;
  private final Clock clock;
  private final long pendingMillis;
  private final int maxPending;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Set<String> excludedNamespaces;

  public ResolutionPipeline(
      Resolver resolver,
      IntentStore store,
      MapperMetrics metrics,
      Clock clock,
      long pendingMillis,
      int maxPending) {
    this(resolver, store, metrics, clock, pendingMillis, maxPending, Set.of());
  }

  /**
   * @param excludedNamespaces namespaces left out of the map: an edge with a workload in one is
   *     counted, not stored
   */
  public ResolutionPipeline(
      Resolver resolver,
      IntentStore store,
      MapperMetrics metrics,
      Clock clock,
      long pendingMillis,
      int maxPending,
      Set<String> excludedNamespaces) {
    this.excludedNamespaces = Set.copyOf(excludedNamespaces);
    this.resolver = resolver;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
    this.pendingMillis = pendingMillis;
    this.maxPending = maxPending;
  }

  /** Resolves now, or parks the observation for a retry. */
  public void submit(Observation observation) {
    long arrived = System.nanoTime();
    Resolution r = resolver.resolve(observation, false);
    if (r instanceof Resolution.Retry retry) {
      park(new Pending(observation, arrived, clock.millis()), retry.reason());
      return;
    }
    settle(observation, r, arrived);
  }

  private void park(Pending p, String reason) {
    metrics.retried(p.observation.kind(), reason);
    synchronized (pending) {
      if (pending.size() >= maxPending) {
        metrics.unresolved(p.observation.kind(), "pending_queue_full");
        return;
      }
      pending.addLast(p);
    }
  }

  private void settle(Observation observation, Resolution r, long arrivedNanos) {
    if (r instanceof Resolution.Resolved resolved) {
      int stored = 0;
      for (EdgeUpdate e : resolved.edges()) {
        if (excluded(e.client()) || excluded(e.server())) {
          continue;
        }
        store.apply(e);
        stored++;
      }
      if (stored == 0 && !resolved.edges().isEmpty()) {
        metrics.unresolved(observation.kind(), "excluded_namespace");
        return;
      }
      metrics.resolved(observation.kind());
      metrics.resolutionLatency(System.nanoTime() - arrivedNanos);
    } else if (r instanceof Resolution.Unresolved u) {
      metrics.unresolved(observation.kind(), u.reason());
    } else if (r instanceof Resolution.Retry retry) {
      metrics.unresolved(observation.kind(), retry.reason());
    }
  }

  private boolean excluded(Peer peer) {
    return !excludedNamespaces.isEmpty()
        && peer instanceof Peer.WorkloadPeer w
        && excludedNamespaces.contains(w.workload().namespace());
  }

  /** Retries every parked observation once; the mapper calls this periodically. */
  public void retryPending() {
    Deque<Pending> batch;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new ArrayDeque<>(pending);
      pending.clear();
    }
    long now = clock.millis();
    for (Pending p : batch) {
      boolean last = now - p.arrivedMillis >= pendingMillis;
      Resolution r = resolver.resolve(p.observation, last);
      if (r instanceof Resolution.Retry && !last) {
        synchronized (pending) {
          pending.addLast(p);
        }
      } else {
        settle(p.observation, r, p.arrivedNanos);
      }
    }
  }

  public int pendingCount() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /** Forgets parked observations, as part of a reset. */
  public void clearPending() {
    synchronized (pending) {
      pending.clear();
    }
  }
}
