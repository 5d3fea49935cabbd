package io.netmapper.kafkawatcher.collect;

import io.netmapper.common.collect.IntervalAggregator;

/**
 * Folds the accesses of one interval by key (one stream thread per broker adds, the report thread
 * drains).
 */
public final class AccessAggregator
    extends IntervalAggregator<KafkaAccessSeen.Key, KafkaAccessSeen> {
  /** Counts what the aggregator drops. */
  public interface Counters extends IntervalAggregator.Counters {
    void accessDropped(String reason);

    @Override
    default void dropped(String reason) {
      accessDropped(reason);
    }
  }

  public AccessAggregator(int maxEntries, Counters counters) {
    super(maxEntries, counters, KafkaAccessSeen::new);
  }
}
