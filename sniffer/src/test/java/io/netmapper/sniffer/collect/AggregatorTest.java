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

        @Override
        public void truncated(String what) {
          truncated.merge(what, 1, Integer::sum);
        }
      };
  private final Map<String, Integer> truncated = new TreeMap<>();

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

  private static DnsAnswer distinct(String client, int i) {
    return new DnsAnswer(
        client,
        1024 + i % 60000,
        i & 0xffff,
        "n" + i + ".example.test",
        List.of(),
        List.of("192.0.2." + (i % 250)),
        30,
        i);
  }

  private static long heapUsed() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void tenTimesMoreDistinctKeysThanTheCap_keepTheCapAndCountTheRest() {
    int cap = 20_000;
    Aggregator a = new Aggregator(cap, counters);
    for (int i = 0; i < cap; i++) {
      a.dnsAnswer(distinct("10.244.1." + (i % 200), i));
    }
    long atCap = heapUsed();
    for (int i = cap; i < 10 * cap; i++) {
      a.dnsAnswer(distinct("10.244.1." + (i % 200), i));
      if (i % 50_000 == 0) {
        assertThat(a.size()).isEqualTo(cap);
      }
    }
    long after = heapUsed();
    assertThat(a.size()).isEqualTo(cap);
    assertThat(counts).containsEntry("drop:dns:aggregate_full", 9 * cap);
    // 180,000 more answers seen, nothing more held (slack for GC and JIT noise: 4 MiB)
    assertThat(after - atCap).isLessThan(4L << 20);
    assertThat(a.drain().dns()).hasSize(cap);
  }

  @Test
  void atTheCap_theAggregateIsHandedOverEarly_andNothingIsLost() {
    int cap = 1_000;
    List<Interval> handedOver = new java.util.ArrayList<>();
    Aggregator a =
        new Aggregator(
            cap,
            cap,
            counters,
            full -> {
              assertThat(full.size()).isEqualTo(cap);
              handedOver.add(full.interval());
              return true;
            });
    for (int i = 0; i < 10 * cap; i++) {
      a.dnsAnswer(distinct("10.244.1.7", i));
      assertThat(a.size()).isLessThanOrEqualTo(cap);
    }
    handedOver.add(a.drain());
    assertThat(handedOver).hasSize(10);
    assertThat(handedOver.stream().mapToInt(i -> i.dns().size()).sum()).isEqualTo(10 * cap);
    assertThat(counts).doesNotContainKeys("drop:dns:delivery_full", "drop:dns:aggregate_full");
  }

  @Test
  void handOffRefused_newEntriesAreDroppedAsDeliveryFull_knownOnesStillCount() {
    Aggregator a = new Aggregator(10, 10, counters, full -> false);
    for (int i = 0; i < 25; i++) {
      a.dnsAnswer(distinct("10.244.1.7", i));
    }
    a.dnsAnswer(distinct("10.244.1.7", 3)); // known entry: counted, not dropped
    Interval i = a.drain();
    assertThat(i.dns()).hasSize(10);
    assertThat(counts).containsEntry("drop:dns:delivery_full", 15);
  }

  @Test
  void oneClientFloodingNewNames_costsItsOwnShareOnly() {
    Aggregator a = new Aggregator(1_000, 100, counters, null);
    for (int i = 0; i < 5_000; i++) {
      a.dnsAnswer(distinct("10.244.1.66", i));
    }
    for (int pod = 0; pod < 20; pod++) {
      for (int n = 0; n < 10; n++) {
        a.dnsAnswer(distinct("10.244.2." + pod, n));
      }
    }
    Interval i = a.drain();
    assertThat(i.dns().stream().filter(d -> d.clientIp().equals("10.244.1.66"))).hasSize(100);
    assertThat(i.dns().stream().filter(d -> !d.clientIp().equals("10.244.1.66"))).hasSize(200);
    assertThat(counts).containsEntry("drop:dns:client_full", 4_900);
  }

  @Test
  void forgedAnswerWithThousandsOfAddresses_isKeptWithTheFirstOnes() {
    Aggregator a = new Aggregator(100, counters);
    List<String> ips = new java.util.ArrayList<>();
    List<String> chain = new java.util.ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      ips.add("198.51." + (i >> 8) + "." + (i & 0xff));
      chain.add("c" + i + ".example.test");
    }
    a.dnsAnswer(new DnsAnswer("10.244.1.66", 5000, 1, "x.example.test", chain, ips, 30, 1));
    Interval.Dns d = a.drain().dns().get(0);
    assertThat(d.ips()).hasSize(Aggregator.MAX_ADDRESSES).startsWith("198.51.0.0");
    assertThat(d.cnameChain()).hasSize(Aggregator.MAX_CHAIN);
    assertThat(truncated).containsEntry("addresses", 1).containsEntry("cname_chain", 1);
  }

  @Test
  void budget_followsTheHeap() {
    assertThat(Aggregator.budget(100_000, 32L << 20)).isEqualTo(16_384);
    assertThat(Aggregator.budget(100_000, 1L << 30)).isEqualTo(100_000);
    assertThat(Aggregator.budget(100_000, 1L << 20)).isEqualTo(1_024);
  }
}
