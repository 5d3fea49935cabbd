package io.netmapper.kafkawatcher.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the accesses of one interval by key; thread-safe (one stream thread per broker adds, the
 * report thread drains). Bounded: beyond {@code maxEntries} distinct keys a new key is dropped
 * and counted, while known keys keep counting.
 */
public final class AccessAggregator {
  /** Counts what the aggregator drops. */
  public interface Counters {
    void accessDropped(String reason);
  }

  private static final class Window {
    long first;
    long last;
    long count;
  }

  private final int maxEntries;
  private final Counters counters;
  private Map<KafkaAccessSeen.Key, Window> current = new HashMap<>();

  public AccessAggregator(int maxEntries, Counters counters) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1");
    }
    this.maxEntries = maxEntries;
    this.counters = counters;
  }

  public void add(KafkaAccessSeen.Key key, long atMillis) {
    synchronized (this) {
      Window w = current.get(key);
      if (w == null) {
        if (current.size() >= maxEntries) {
          w = null;
        } else {
          w = new Window();
          w.first = atMillis;
          w.last = atMillis;
          current.put(key, w);
        }
      }
      if (w != null) {
        w.first = Math.min(w.first, atMillis);
        w.last = Math.max(w.last, atMillis);
        w.count++;
        return;
      }
    }
    counters.accessDropped("aggregate_full");
  }

  /** Everything aggregated since the last drain; starts a new interval. */
  public List<KafkaAccessSeen> drain() {
    Map<KafkaAccessSeen.Key, Window> taken;
    synchronized (this) {
      if (current.isEmpty()) {
        return List.of();
      }
      taken = current;
      current = new HashMap<>();
    }
    List<KafkaAccessSeen> out = new ArrayList<>(taken.size());
    taken.forEach((k, w) -> out.add(new KafkaAccessSeen(k, w.first, w.last, w.count)));
    return out;
  }

  public synchronized int size() {
    return current.size();
  }
}
