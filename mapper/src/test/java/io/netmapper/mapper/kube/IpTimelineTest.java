package io.netmapper.mapper.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpTimelineTest {
  @Test
  void reusedIp_eachTimeBelongsToItsHolder() {
    IpTimeline t = new IpTimeline();
    t.hold("old", 1_000, 1_500);
    t.release("old", 5_000);
    t.hold("new", 4_000, 6_000); // created before the old one was gone: starts when it ended
    assertThat(t.holderAt(2_000, 0)).isEqualTo("old");
    assertThat(t.holderAt(4_500, 0)).isEqualTo("old");
    assertThat(t.holderAt(5_500, 0)).isEqualTo("new");
    assertThat(t.holderAt(999_999, 0)).isEqualTo("new");
  }

  @Test
  void newHolderSeenBeforeTheOldOnesDeletion_closesTheOldOneNow() {
    IpTimeline t = new IpTimeline();
    t.hold("old", 1_000, 1_000);
    t.hold("new", 2_000, 8_000);
    t.release("old", 9_000); // late delete event changes nothing
    assertThat(t.holderAt(7_000, 0)).isEqualTo("old");
    assertThat(t.holderAt(8_500, 0)).isEqualTo("new");
  }

  @Test
  void slack_absorbsClockSkewOnlyWhenNoExactHolder() {
    IpTimeline t = new IpTimeline();
    t.hold("p", 10_000, 10_000);
    assertThat(t.holderAt(9_000, 0)).isNull();
    assertThat(t.holderAt(9_000, 2_000)).isEqualTo("p");
  }

  @Test
  void purge_dropsEndedHoldingsOnly() {
    IpTimeline t = new IpTimeline();
    t.hold("a", 0, 0);
    t.release("a", 100);
    t.hold("b", 200, 200);
    assertThat(t.purge(150)).isFalse();
    assertThat(t.holdings()).extracting(IpTimeline.Holding::podUid).containsExactly("b");
  }

  @Test
  void sameHolderUpdated_isIdempotent() {
    IpTimeline t = new IpTimeline();
    t.hold("p", 0, 0);
    t.hold("p", 0, 50);
    assertThat(t.holdings()).hasSize(1);
  }
}
