package io.netmapper.common.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds one reporting interval's observations by key into first/last seen and a count; thread-safe
 * (observer threads add, the report thread drains). Bounded: beyond {@code maxEntries} distinct
 * keys a new key is dropped and counted, while known keys keep counting.
 *
 * @param <K> what makes two observations the same entry
 * @param <S> the aggregated entry handed to the report builder
 */
public class IntervalAggregator<K, S> {
  /** Counts what the aggregator drops. */
  public interface Counters {
    /**
     * @param reason why, e.g. {@code aggregate_full}
     */
    void dropped(String reason);
  }

  /** Builds the aggregated entry of one key. */
  @FunctionalInterface
  public interface Entry<K, S> {
    S of(K key, long firstSeenMillis, long lastSeenMillis, long count);
  }

  private static final class Window {
    long first;
    long last;
    long count;
  }

  private final int maxEntries;
  private final Counters counters;
  private final Entry<K, S> entry;
  private Map<K, Window> current = new HashMap<>();

  public IntervalAggregator(int maxEntries, Counters counters, Entry<K, S> entry) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1");
    }
    this.maxEntries = maxEntries;
    this.counters = counters;
    this.entry = entry;
  }

  public final void add(K key, long atMillis) {
    synchronized (this) {
      Window w = current.get(key);
      if (w == null && current.size() < maxEntries) {
        w = new Window();
        w.first = atMillis;
        w.last = atMillis;
        current.put(key, w);
      }
      if (w != null) {
        w.first = Math.min(w.first, atMillis);
        w.last = Math.max(w.last, atMillis);
        w.count++;
        return;
      }
    }
    counters.dropped("aggregate_full");
  }

  /** Everything aggregated since the last drain; starts a new interval. */
  public final List<S> drain() {
    Map<K, Window> taken;
    synchronized (this) {
      if (current.isEmpty()) {
        return List.of();
      }
      taken = current;
      current = new HashMap<>();
    }
    List<S> out = new ArrayList<>(taken.size());
    taken.forEach((k, w) -> out.add(entry.of(k, w.first, w.last, w.count)));
    return out;
  }

  public final synchronized int size() {
    return current.size();
  }
}
