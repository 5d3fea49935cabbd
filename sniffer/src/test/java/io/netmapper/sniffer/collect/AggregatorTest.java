package io.netmapper.sniffer.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AggregatorTest {
  private final Map<String, Integer> counts = new TreeMap<>();
  private final Aggregator.Counters counters =
      new Aggregator.Counters() {
        @Override
        public void duplicate(String kind) {
          counts.merge("dup:" + kind, 1, Integer::sum);
        }

        @Override
        public void dropped(String kind, String reason) {
          counts.merge("drop:" + kind + ":" + reason, 1, Integer::sum);
        }
      };

  private static DnsAnswer answer(int port, int id, long t, long ttl) {
    return new DnsAnswer(
        "192.0.2.10",
        port,
        id,
        "api.example.test",
        List.of("lb.example.test"),
        List.of("192.0.2.80"),
        ttl,
        t);
  }

  private static ConnectionSeen syn(int clientPort, long seq, long t) {
    return new ConnectionSeen(
        ConnectionSeen.Source.SYN,
        "192.0.2.10",
        clientPort,
        "192.0.2.20",
        443,
        Attribution.NONE,
        seq,
        t);
  }

  @Test
  void sameAnswerSeveralTimes_isOneEntryWithWindowCountAndSmallestTtl() {
    Aggregator a = new Aggregator(100, counters);
    a.dnsAnswer(answer(5000, 1, 30, 300));
    a.dnsAnswer(answer(5001, 2, 10, 60));
    a.dnsAnswer(answer(5002, 3, 20, 120));
    Interval i = a.drain();
    assertThat(i.dns())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.window()).isEqualTo(new Window(10, 30, 3));
              assertThat(d.ttlSeconds()).isEqualTo(60);
              assertThat(d.cnameChain()).containsExactly("lb.example.test");
            });
  }

  @Test
  void samePacketCapturedOnTwoInterfaces_isCountedOnce() {
    Aggregator a = new Aggregator(100, counters);
    a.dnsAnswer(answer(5000, 1, 10, 60));
    a.dnsAnswer(answer(5000, 1, 11, 60));
    a.connection(syn(40000, 99, 10));
    a.connection(syn(40000, 99, 11));
    Interval i = a.drain();
    assertThat(i.dns().get(0).window().count()).isEqualTo(1);
    assertThat(i.connections().get(0).window().count()).isEqualTo(1);
    assertThat(counts).containsEntry("dup:dns", 1).containsEntry("dup:syn", 1);
  }

  @Test
  void connectionsFromManyEphemeralPorts_areOneEntryKeepingTheFirstClientPort() {
    Aggregator a = new Aggregator(100, counters);
    a.connection(syn(40000, 1, 10));
    a.connection(syn(40001, 2, 20));
    Interval.Connection c = a.drain().connections().get(0);
    assertThat(c.window().count()).isEqualTo(2);
    assertThat(c.clientPort()).isEqualTo(40000);
  }

  @Test
  void synAndScanOfTheSameConnection_areSeparateEntries() {
    Aggregator a = new Aggregator(100, counters);
    a.connection(syn(40000, 1, 10));
    a.connection(
        new ConnectionSeen(
            ConnectionSeen.Source.SOCKET_SCAN,
            "192.0.2.10",
            40000,
            "192.0.2.20",
            443,
            Attribution.NONE,
            0,
            10));
    assertThat(a.drain().connections()).hasSize(2);
  }

  @Test
  void drain_startsANewInterval() {
    Aggregator a = new Aggregator(100, counters);
    a.listener(new ListenerSeen("0.0.0.0", 8080, Attribution.NONE, 1));
    assertThat(a.drain().listeners()).hasSize(1);
    assertThat(a.drain().isEmpty()).isTrue();
    a.dnsAnswer(answer(5000, 1, 10, 60));
    a.dnsAnswer(answer(5000, 1, 10, 60)); // a duplicate capture across the interval boundary
    a.drain();
    a.dnsAnswer(answer(5000, 1, 10, 60));
    assertThat(a.drain().isEmpty()).isTrue();
    assertThat(counts).containsEntry("dup:dns", 2);
  }

  @Test
  void tooManyDistinctEntries_areDroppedAndCounted() {
    Aggregator a = new Aggregator(2, counters);
    a.connection(syn(1, 1, 1));
    a.listener(new ListenerSeen("0.0.0.0", 1, Attribution.NONE, 1));
    a.listener(new ListenerSeen("0.0.0.0", 2, Attribution.NONE, 1));
    a.dnsAnswer(answer(5000, 1, 10, 60));
    a.listener(new ListenerSeen("0.0.0.0", 1, Attribution.NONE, 2)); // existing entries still count
    Interval i = a.drain();
    assertThat(i.connections()).hasSize(1);
    assertThat(i.listeners())
        .singleElement()
        .satisfies(l -> assertThat(l.window().count()).isEqualTo(2));
    assertThat(counts)
        .containsEntry("drop:listener:aggregate_full", 1)
        .containsEntry("drop:dns:aggregate_full", 1);
  }
}
