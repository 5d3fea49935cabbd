package io.netmapper.sniffer.hostnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostNetworkAttributionTest {
  private static final Attribution POD = new Attribution("uid-1", "c1", true, "");
  private final List<ConnectionSeen> connections = new ArrayList<>();
  private final List<DnsAnswer> answers = new ArrayList<>();
  private final Map<String, Integer> unattributed = new ConcurrentHashMap<>();
  private final AtomicLong now = new AtomicLong();
  private HostNetworkAttribution attribution;

  @BeforeEach
  void setUp() {
    Observations out =
        new Observations() {
          @Override
          public void dnsAnswer(DnsAnswer a) {
            answers.add(a);
          }

          @Override
          public void connection(ConnectionSeen c) {
            connections.add(c);
          }

          @Override
          public void listener(ListenerSeen l) {}
        };
    HostnetCounters counters =
        new HostnetCounters() {
          @Override
          public void unattributed(String reason) {
            unattributed.merge(reason, 1, Integer::sum);
          }
        };
    attribution = new HostNetworkAttribution(out, counters, now::get, 200, 2, 100);
    attribution.nodeAddresses(Set.of("192.0.2.1"));
  }

  private static ConnectionSeen syn(String client, int port, String server) {
    return new ConnectionSeen(
        ConnectionSeen.Source.SYN, client, port, server, 80, Attribution.NONE, 1, 5);
  }

  @Test
  void podTraffic_passesThroughUntouched() {
    attribution.connection(syn("192.0.2.11", 40000, "192.0.2.21"));
    assertThat(connections)
        .singleElement()
        .extracting(ConnectionSeen::client)
        .isEqualTo(Attribution.NONE);
    assertThat(unattributed).isEmpty();
  }

  @Test
  void synOfNodeAddressResolvedBefore_isAttributedAtOnce() {
    attribution.resolved(
        new HostNetworkAttribution.Key("192.0.2.1", 40000, "192.0.2.21", 80),
        new HostNetworkAttribution.Result(POD, ""));
    attribution.connection(syn("192.0.2.1", 40000, "192.0.2.21"));
    assertThat(connections).singleElement().extracting(ConnectionSeen::client).isEqualTo(POD);
  }

  @Test
  void samePortToAnotherServer_isNotGivenTheOldResult() {
    attribution.resolved(
        new HostNetworkAttribution.Key("192.0.2.1", 40000, "192.0.2.21", 80),
        new HostNetworkAttribution.Result(POD, ""));
    attribution.connection(syn("192.0.2.1", 40000, "192.0.2.22"));
    assertThat(connections).isEmpty(); // waits for its own lookup
    now.set(201);
    attribution.drainPending();
    assertThat(connections)
        .singleElement()
        .extracting(ConnectionSeen::client)
        .isEqualTo(Attribution.NONE);
    assertThat(unattributed).containsEntry("not_seen", 1);
  }

  @Test
  void synResolvedWhileWaiting_isAttributedWhenDrained() {
    attribution.connection(syn("192.0.2.1", 40000, "192.0.2.21"));
    assertThat(attribution.drainPending()).isEqualTo(1);
    attribution.resolved(
        new HostNetworkAttribution.Key("192.0.2.1", 40000, "192.0.2.21", 80),
        new HostNetworkAttribution.Result(POD, ""));
    assertThat(attribution.drainPending()).isZero();
    assertThat(connections).singleElement().extracting(ConnectionSeen::client).isEqualTo(POD);
  }

  @Test
  void fullQueue_passesOnWithoutPod_countedQueueFull() {
    for (int port = 1; port <= 3; port++) {
      attribution.connection(syn("192.0.2.1", port, "192.0.2.21"));
    }
    assertThat(connections).hasSize(1);
    assertThat(unattributed).containsEntry("queue_full", 1);
  }

  @Test
  void dnsAnswerToNodeAddress_getsThePodOfItsQuery_orTheLookupsReason() {
    attribution.resolved(
        HostNetworkAttribution.Key.dns("192.0.2.1", 50000),
        new HostNetworkAttribution.Result(POD, ""));
    attribution.resolved(
        HostNetworkAttribution.Key.dns("192.0.2.1", 50001),
        HostNetworkAttribution.Result.of("not_a_pod"));
    attribution.dnsAnswer(
        new DnsAnswer("192.0.2.1", 50000, 7, "a.test", List.of(), List.of("10.0.0.1"), 30, 5));
    attribution.dnsAnswer(
        new DnsAnswer("192.0.2.1", 50001, 8, "b.test", List.of(), List.of("10.0.0.2"), 30, 5));
    assertThat(answers).extracting(DnsAnswer::client).containsExactly(POD, Attribution.NONE);
    assertThat(unattributed).containsEntry("not_a_pod", 1);
  }

  @Test
  void resultsAreForgottenAfterTwoRotations() {
    HostNetworkAttribution.Key key = HostNetworkAttribution.Key.dns("192.0.2.1", 50000);
    attribution.resolved(key, new HostNetworkAttribution.Result(POD, ""));
    attribution.rotate();
    assertThat(attribution.known(key)).isTrue();
    attribution.rotate();
    assertThat(attribution.known(key)).isFalse();
  }
}
