package io.netmapper.mapper.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BatchLedgerTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void retriedBatch_isClaimedOnce_evenOutOfOrder() {
    BatchLedger ledger = new BatchLedger(100, 60_000, clock);
    assertThat(ledger.claim("r", 2)).isTrue();
    assertThat(ledger.claim("r", 1)).isTrue();
    assertThat(ledger.claim("r", 2)).isFalse();
    assertThat(ledger.claim("r", 1)).isFalse();
    assertThat(ledger.claim("r", 3)).isTrue();
    assertThat(ledger.claim("other", 1)).isTrue();
  }

  @Test
  void gapsThatNeverFill_areGivenUpOnceTheWindowIsFull() {
    BatchLedger ledger = new BatchLedger(3, 60_000, clock);
    // batch 1 was dropped by the sender's full buffer and never arrives
    for (long s = 2; s <= 6; s++) {
      assertThat(ledger.claim("r", s)).isTrue();
    }
    assertThat(ledger.claim("r", 4)).isFalse();
    assertThat(ledger.claim("r", 1)).isFalse(); // given up: at most once, never twice
  }

  @Test
  void idleReporters_areForgotten() {
    long[] now = {0};
    Clock moving =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(now[0]);
          }
        };
    BatchLedger ledger = new BatchLedger(10, 1_000, moving);
    ledger.claim("r", 1);
    now[0] = 5_000;
    ledger.purge();
    assertThat(ledger.reporters()).isZero();
  }
}
