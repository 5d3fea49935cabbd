package io.netmapper.sniffer.deliver;

import com.google.protobuf.MessageLite;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.sniffer.collect.Aggregator;
import io.netmapper.sniffer.collect.Interval;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts aggregates into delivery: each interval's at the end of the interval ({@link #report}), and
 * a full aggregate early ({@link #take}), so a busy node's answers are reported instead of dropped
 * at the aggregator's cap.
 *
 * <p>An early aggregate is taken only while delivery has spare room (its buffer less than half
 * full: no older batch is evicted for it) and no earlier one is still being built, so at most two
 * aggregates exist at a time. It is built into batches on the flush executor, never on the capture
 * thread.
 */
public final class IntervalReporter implements Aggregator.HandOff {
  private final ReportBuilder builder;
  private final ReportDelivery<MessageLite> delivery;
  private final Executor executor;
  private final AtomicBoolean building = new AtomicBoolean();

  public IntervalReporter(
      ReportBuilder builder, ReportDelivery<MessageLite> delivery, Executor executor) {
    this.builder = builder;
    this.delivery = delivery;
    this.executor = executor;
  }

  @Override
  public boolean take(Aggregator.Full aggregate) {
    if (building.get() || !delivery.hasSpareRoom()) {
      return false;
    }
    building.set(true);
    try {
      executor.execute(
          () -> {
            try {
              report(aggregate.interval());
            } finally {
              building.set(false);
            }
          });
      return true;
    } catch (RejectedExecutionException e) { // stopping
      building.set(false);
      return false;
    }
  }

  /** Builds the interval's batches one by one and offers each to delivery. */
  public void report(Interval interval) {
    if (!interval.isEmpty()) {
      builder.report(interval, delivery::offer);
    }
  }
}
