package io.netmapper.common.deliver;

import java.util.random.RandomGenerator;

/** Exponential backoff with symmetric jitter, capped at the configured maximum. */
final class Backoff {
  private final DeliveryConfig config;
  private final RandomGenerator random;

  Backoff(DeliveryConfig config, RandomGenerator random) {
    this.config = config;
    this.random = random;
  }

  /** Wait in nanoseconds before attempt {@code failures + 1}, where {@code failures >= 1}. */
  long delayNanos(int failures) {
    double base = config.initialBackoff().toNanos();
    double max = config.maxBackoff().toNanos();
    double exp = base * Math.pow(config.multiplier(), Math.max(0, Math.min(failures - 1, 62)));
    double capped = Math.min(exp, max);
    double spread = capped * config.jitter();
    double jittered = capped - spread + random.nextDouble() * 2 * spread;
    return (long) Math.max(1, Math.min(jittered, max));
  }
}
