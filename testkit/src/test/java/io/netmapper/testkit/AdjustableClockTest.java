package io.netmapper.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdjustableClockTest {

  @Test
  void advance_movesTheClockAheadOfTheSystemClock() {
    AdjustableClock clock = new AdjustableClock();
    long before = clock.millis();
    clock.advance(Duration.ofHours(1));
    assertThat(clock.millis() - before).isGreaterThanOrEqualTo(3_600_000L);
    assertThat(clock.instant().toEpochMilli()).isGreaterThanOrEqualTo(before + 3_600_000L);
  }

  @Test
  void advance_backwards_isRefused() {
    assertThatThrownBy(() -> new AdjustableClock().advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
