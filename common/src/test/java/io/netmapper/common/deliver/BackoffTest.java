package io.netmapper.common.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final long MS = 1_000_000L;

  @Test
  void delay_growsExponentiallyAndIsCapped() {
    DeliveryConfig config =
        new DeliveryConfig(10, 1000, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);
    Backoff backoff = new Backoff(config, new SplittableRandom(1));
    assertThat(backoff.delayNanos(1)).isEqualTo(100 * MS);
    assertThat(backoff.delayNanos(2)).isEqualTo(200 * MS);
    assertThat(backoff.delayNanos(4)).isEqualTo(800 * MS);
    assertThat(backoff.delayNanos(5)).isEqualTo(1000 * MS);
    assertThat(backoff.delayNanos(10_000)).isEqualTo(1000 * MS);
  }

  @Test
  void delay_withJitter_staysWithinBandAndVaries() {
    DeliveryConfig config =
        new DeliveryConfig(10, 1000, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5);
    Backoff backoff = new Backoff(config, new SplittableRandom(7));
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 1000; i++) {
      long d = backoff.delayNanos(3);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isGreaterThanOrEqualTo(200 * MS);
    assertThat(max).isLessThanOrEqualTo(600 * MS);
    assertThat(max - min).isGreaterThan(100 * MS);
  }

  @Test
  void config_rejectsNonsense() {
    assertThatThrownBy(
            () -> new DeliveryConfig(0, 1, Duration.ofMillis(1), Duration.ofMillis(1), 2, 0))
        .hasMessageContaining("maxBatches");
    assertThatThrownBy(
            () -> new DeliveryConfig(1, 1, Duration.ofMillis(10), Duration.ofMillis(1), 2, 0))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(
            () -> new DeliveryConfig(1, 1, Duration.ofMillis(1), Duration.ofMillis(1), 2, 1.5))
        .hasMessageContaining("jitter");
  }
}
