package io.netmapper.kafkawatcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodLogResumeTest {
  final PodLogResume resume = new PodLogResume();

  @Test
  void splitsOffTheKubeletTimestamp_andAsksForTheSecondOfTheLastLine() {
    assertThat(resume.sinceTime()).isNull();
    PodLogResume.Line l =
        resume.accept("2026-11-26T03:00:01.123456789Z [2026-11-26 03:00:01,123] INFO x");
    assertThat(l.text()).isEqualTo("[2026-11-26 03:00:01,123] INFO x");
    assertThat(l.timeMillis()).isEqualTo(Instant.parse("2026-11-26T03:00:01.123Z").toEpochMilli());
    assertThat(resume.sinceTime()).isEqualTo("2026-11-26T03:00:01Z");
  }

  @Test
  void afterAReconnect_olderLinesAndAsManyLinesOfTheLastInstantAsWereRead_areSkipped() {
    resume.accept("2026-11-26T03:00:01.000000001Z a");
    resume.accept("2026-11-26T03:00:01.500000000Z b");
    resume.accept("2026-11-26T03:00:01.500000000Z c");
    resume.reconnected();
    assertThat(resume.accept("2026-11-26T03:00:01.000000001Z a")).isSameAs(PodLogResume.SKIP);
    assertThat(resume.accept("2026-11-26T03:00:01.500000000Z b")).isSameAs(PodLogResume.SKIP);
    assertThat(resume.accept("2026-11-26T03:00:01.500000000Z c")).isSameAs(PodLogResume.SKIP);
    assertThat(resume.accept("2026-11-26T03:00:01.500000000Z d").text())
        .isEqualTo("d"); // a third line of that instant: new
    assertThat(resume.accept("2026-11-26T03:00:02Z e").text()).isEqualTo("e");
    resume.reconnected();
    assertThat(resume.accept("2026-11-26T03:00:01.500000000Z d")).isSameAs(PodLogResume.SKIP);
    assertThat(resume.accept("2026-11-26T03:00:02Z e")).isSameAs(PodLogResume.SKIP);
    assertThat(resume.accept("2026-11-26T03:00:02Z f").text()).isEqualTo("f");
  }

  @Test
  void lineWithoutATimestamp_isKeptWithNoTime_andDoesNotMoveTheResumePoint() {
    resume.accept("2026-11-26T03:00:01Z a");
    PodLogResume.Line l = resume.accept("no timestamp here");
    assertThat(l.text()).isEqualTo("no timestamp here");
    assertThat(l.timeMillis()).isEqualTo(-1);
    assertThat(resume.sinceTime()).isEqualTo("2026-11-26T03:00:01Z");
  }
}
