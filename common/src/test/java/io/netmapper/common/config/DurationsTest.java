package io.netmapper.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void shortFormsAndIso8601_meanTheSame() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s"))
        .isEqualTo(Duration.ofSeconds(30))
        .isEqualTo(Durations.parse("PT30S"));
    assertThat(Durations.parse("5m"))
        .isEqualTo(Duration.ofMinutes(5))
        .isEqualTo(Durations.parse("pt5m"));
    assertThat(Durations.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("PT0.5S")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void anythingElse_isAReadableError() {
    for (String bad : new String[] {"", "5", "5x", "ms", "five seconds", "P"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .hasMessageContaining("500ms, 30s, 5m, 1h or PT30S");
    }
  }
}
