package io.netmapper.mapper.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which batches each reporter instance has had applied, so a retried batch is applied
 * once. Per instance: a watermark below which every sequence was seen, plus the sequences seen
 * above it. Retry buffers resend out of order and drop batches when full, so gaps may never fill;
 * past {@code maxOutOfOrder} the watermark jumps forward and the gap counts as lost.
 */
final class BatchLedger {
  private static final class Window {
    long watermark; // every sequence <= watermark has been applied (or given up on)
    final Set<Long> above = new HashSet<>();
    long touchedMillis;
  }

  private final Map<String, Window> byReporter = new ConcurrentHashMap<>();
  // reporters whose window changed since the last drain (the durable map writes only those)
  private volatile Set<String> changed = ConcurrentHashMap.newKeySet();
  private final int maxOutOfOrder;
  private final long idleMillis;
  private final Clock clock;

  BatchLedger(int maxOutOfOrder, long idleMillis, Clock clock) {
    this.maxOutOfOrder = maxOutOfOrder;
    this.idleMillis = idleMillis;
    this.clock = clock;
  }

  /** True the first time a reporter's sequence is claimed; false for a duplicate. */
  boolean claim(String reporterKey, long sequence) {
    Window w = byReporter.computeIfAbsent(reporterKey, k -> new Window());
    synchronized (w) {
      w.touchedMillis = clock.millis();
      if (sequence <= w.watermark || !w.above.add(sequence)) {
        return false;
      }
      changed.add(reporterKey);
      while (w.above.remove(w.watermark + 1)) {
        w.watermark++;
      }
      if (w.above.size() > maxOutOfOrder) {
        long min = w.above.stream().mapToLong(Long::longValue).min().orElse(w.watermark + 1);
        w.watermark = min - 1;
        while (w.above.remove(w.watermark + 1)) {
          w.watermark++;
        }
      }
      return true;
    }
  }

  /** Forgets instances not heard from for the idle time (they restarted with a new instance id). */
  void purge() {
    long cutoff = clock.millis() - idleMillis;
    byReporter
        .values()
        .removeIf(
            w -> {
              synchronized (w) {
                return w.touchedMillis < cutoff;
              }
            });
  }

  /** The windows changed since the previous call; callers keep batches out meanwhile. */
  List<LedgerWindow> drainChanged() {
    Set<String> taken = changed;
    changed = ConcurrentHashMap.newKeySet();
    List<LedgerWindow> out = new ArrayList<>(taken.size());
    for (String reporter : taken) {
      Window w = byReporter.get(reporter);
      if (w == null) {
        continue;
      }
      synchronized (w) {
        long[] above = w.above.stream().mapToLong(Long::longValue).sorted().toArray();
        out.add(new LedgerWindow(reporter, w.watermark, above, w.touchedMillis));
      }
    }
    return out;
  }

  /** Puts back windows read from durable storage (at start). */
  void restore(List<LedgerWindow> windows) {
    for (LedgerWindow lw : windows) {
      Window w = new Window();
      w.watermark = lw.watermark();
      for (long s : lw.above()) {
        w.above.add(s);
      }
      w.touchedMillis = lw.touchedMillis();
      byReporter.put(lw.reporter(), w);
    }
  }

  int reporters() {
    return byReporter.size();
  }
}
