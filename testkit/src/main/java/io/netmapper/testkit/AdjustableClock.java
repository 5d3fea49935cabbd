package io.netmapper.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset the test moves forward: code under test keeps running in real
 * time (executors, sockets), while "later" is reached with {@link #advance} instead of a sleep.
 */
public final class AdjustableClock extends Clock {
  private final AtomicLong offsetMillis = new AtomicLong();

  /** Moves this clock forward by {@code by}. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward: " + by);
    }
    offsetMillis.addAndGet(by.toMillis());
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("an adjustable clock is always UTC");
  }
}
