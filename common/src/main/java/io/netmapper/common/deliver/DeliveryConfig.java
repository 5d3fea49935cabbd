package io.netmapper.common.deliver;

import java.time.Duration;

/**
 * Limits and retry schedule of a {@link ReportDelivery}.
 *
 * @param maxBatches most unacknowledged batches kept
 * @param maxBytes most serialized bytes of unacknowledged batches kept
 * @param initialBackoff wait after the first failure
 * @param maxBackoff longest wait between two attempts
 * @param multiplier growth of the wait per consecutive failure (&gt;= 1)
 * @param jitter fraction of the wait that is randomised, 0..1 (0.2 = +-20 %)
 */
public record DeliveryConfig(
    int maxBatches,
    long maxBytes,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter) {

  public DeliveryConfig {
    if (maxBatches < 1) {
      throw new IllegalArgumentException("maxBatches must be >= 1, got " + maxBatches);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be > 0, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " < initialBackoff " + initialBackoff);
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
    }
  }

  /** 1,000 batches, 32 MiB, 200 ms doubling up to 30 s, +-20 % jitter. */
  public static DeliveryConfig defaults() {
    return new DeliveryConfig(
        1000, 32L << 20, Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.2);
  }
}
