package io.netmapper.sniffer.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceScannerTest {
  private static final long NODE_NS = 4026531992L;
  private static final long POD_NS = 4026532500L;
  private static final String UID = "0f3c5a1e-2b7d-4c8e-9a6f-1d2e3f4a5b6c";
  private static final String CID = "ab".repeat(32);
  private static final String POD_CGROUP =
      "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
          + UID.replace('-', '_')
          + ".slice/cri-containerd-"
          + CID
          + ".scope\n";

  @TempDir Path tmp;

  private final List<ConnectionSeen> connections = new ArrayList<>();
  private final List<ListenerSeen> listeners = new ArrayList<>();
  private final Map<String, Integer> skipped = new TreeMap<>();
  private final Observations out =
      new Observations() {
        @Override
        public void dnsAnswer(DnsAnswer answer) {}

        @Override
        public void connection(ConnectionSeen connection) {
          connections.add(connection);
        }

        @Override
        public void listener(ListenerSeen listener) {
          listeners.add(listener);
        }
      };
  private final ScanCounters counters =
      new ScanCounters() {
        @Override
        public void entrySkipped(String reason) {
          skipped.merge(reason, 1, Integer::sum);
        }
      };

  private NamespaceScanner scanner(ProcFixture f) {
    return new NamespaceScanner(
        f.root(),
        f.root().resolve("1/ns/net"),
        counters,
        Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void establishedClientSockets_areReportedOncePerNamespace_withOwnerPod() {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(
                500,
                POD_NS,
                "pause",
                "0::/kubepods.slice/kubepods-pod" + UID.replace('-', '_') + ".slice\n")
            .process(501, POD_NS, "app", POD_CGROUP)
            .process(502, POD_NS, "sidecar", POD_CGROUP)
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9001, 501)
            .socket(POD_NS, "0.0.0.0", 8080, "0.0.0.0", 0, 0x0A, 9002, 501)
            // the server side of an inbound connection: local port 8080 listens, so not a client
            .socket(POD_NS, "192.0.2.10", 8080, "192.0.2.99", 51000, 0x01, 9003, 501)
            // loopback inside the pod is not an edge
            .socket(POD_NS, "127.0.0.1", 41000, "127.0.0.1", 9090, 0x01, 9004, 502)
            // TIME_WAIT and SYN_SENT are not ESTABLISHED
            .socket(POD_NS, "192.0.2.10", 42000, "198.51.100.8", 443, 0x06, 0, 0)
            .write();
    ScanResult r = scanner(f).scan(out);

    assertThat(r.namespaces()).isEqualTo(2);
    assertThat(r.processes()).isEqualTo(4);
    assertThat(connections).hasSize(1);
    ConnectionSeen c = connections.get(0);
    assertThat(c.source()).isEqualTo(ConnectionSeen.Source.SOCKET_SCAN);
    assertThat(c.clientIp()).isEqualTo("192.0.2.10");
    assertThat(c.clientPort()).isEqualTo(40000);
    assertThat(c.serverIp()).isEqualTo("198.51.100.7");
    assertThat(c.serverPort()).isEqualTo(443);
    assertThat(c.client().podUid()).isEqualTo(UID);
    assertThat(c.client().containerId()).isEqualTo(CID);
    assertThat(c.client().processName()).isEqualTo("app");
    assertThat(c.client().hostNetwork()).isFalse();
    assertThat(c.timeNanos())
        .isEqualTo(Instant.parse("2026-11-26T04:00:00Z").toEpochMilli() * 1_000_000L);
    assertThat(listeners).extracting(ListenerSeen::port).containsExactly(8080);
  }

  @Test
  void hostNetworkPodSockets_areMarkedHostNetworkAndAttributed() {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(700, NODE_NS, "node-exporter", POD_CGROUP)
            .socket(NODE_NS, "::", 9100, "::", 0, 0x0A, 7001, 700)
            .socket(NODE_NS, "10.0.0.5", 50000, "10.96.0.1", 443, 0x01, 7002, 700)
            .socket(NODE_NS, "10.0.0.5", 22, "203.0.113.9", 60000, 0x01, 7003, 0)
            .socket(NODE_NS, "0.0.0.0", 22, "0.0.0.0", 0, 0x0A, 7004, 0)
            .write();
    scanner(f).scan(out);
    assertThat(connections).hasSize(1);
    assertThat(connections.get(0).client().hostNetwork()).isTrue();
    assertThat(connections.get(0).client().podUid()).isEqualTo(UID);
    assertThat(listeners)
        .filteredOn(l -> l.port() == 9100)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.ip()).isEqualTo("::");
              assertThat(l.process().podUid()).isEqualTo(UID);
              assertThat(l.process().hostNetwork()).isTrue();
            });
    // sshd's socket has no owner in the fixture: still reported, as host network without pod
    assertThat(listeners)
        .filteredOn(l -> l.port() == 22)
        .singleElement()
        .satisfies(l -> assertThat(l.process().hostNetwork()).isTrue());
  }

  @Test
  void processVanishedMidScan_isCountedAndTheNextProcessOfTheNamespaceIsUsed() throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(800, POD_NS, "gone", POD_CGROUP)
            .process(801, POD_NS, "app", POD_CGROUP)
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9101, 801)
            .write();
    Files.delete(tmp.resolve("800/net/tcp"));
    Files.delete(tmp.resolve("800/net/tcp6"));
    Files.delete(tmp.resolve("800/net"));
    scanner(f).scan(out);
    assertThat(connections).hasSize(1);
    assertThat(skipped).containsEntry("process_vanished", 1);
  }

  @Test
  void ownersFoundOnce_areReusedWhileTheirProcessLives_andForgottenWhenItExits() throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9101, 801)
            .write();
    NamespaceScanner scanner = scanner(f);
    scanner.scan(out);
    // the fd table is no longer readable (ptrace denied mid-life): the known owner still applies
    try (var fds = Files.list(tmp.resolve("801/fd"))) {
      for (Path fd : fds.toList()) {
        Files.delete(fd);
      }
    }
    scanner.scan(out);
    assertThat(connections)
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.client().podUid()).isEqualTo(UID));
    // the process exits and another one in the namespace holds the socket table
    new ProcFixture(tmp).process(802, POD_NS, "other", "0::/system.slice/x.service\n");
    Files.copy(tmp.resolve("801/net/tcp"), tmp.resolve("802/net/tcp"));
    Files.copy(tmp.resolve("801/net/tcp6"), tmp.resolve("802/net/tcp6"));
    deleteTree(tmp.resolve("801"));
    connections.clear();
    scanner.scan(out);
    assertThat(connections)
        .singleElement()
        .satisfies(c -> assertThat(c.client().podUid()).isEmpty());
  }

  private static void deleteTree(Path root) throws Exception {
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void namespaceWithUnchangedTcpCounters_reusesItsSocketList_untilTheCountersMove()
      throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9101, 801)
            .tcpCounters(POD_NS, 5, 1)
            .write();
    NamespaceScanner scanner = scanner(f);
    assertThat(scanner.scan(out).unchanged()).isZero();
    // reading net/tcp again would fail: the list must come from the first read
    Files.delete(tmp.resolve("801/net/tcp"));
    Files.delete(tmp.resolve("801/net/tcp6"));
    ScanResult second = scanner.scan(out);
    assertThat(second.unchanged()).isEqualTo(1);
    assertThat(connections).hasSize(2).extracting(ConnectionSeen::clientPort).containsOnly(40000);

    f.socket(POD_NS, "192.0.2.10", 40001, "198.51.100.7", 443, 0x01, 9102, 801)
        .tcpCounters(POD_NS, 6, 2)
        .write();
    connections.clear();
    ScanResult third = scanner.scan(out);
    assertThat(third.unchanged()).isZero();
    assertThat(connections)
        .extracting(ConnectionSeen::clientPort)
        .containsExactlyInAnyOrder(40000, 40001);
  }

  @Test
  void unchangedCounters_stillGetAFullReadAfterTheConfiguredTime() throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9101, 801)
            .tcpCounters(POD_NS, 5, 1)
            .write();
    NamespaceScanner scanner =
        new NamespaceScanner(
            f.root(),
            f.root().resolve("1/ns/net"),
            counters,
            Clock.systemUTC(),
            java.time.Duration.ZERO);
    scanner.scan(out);
    assertThat(scanner.scan(out).unchanged()).isZero();
  }

  @Test
  void unreadableNamespaceLink_isCountedAndSkipped() throws Exception {
    ProcFixture f = new ProcFixture(tmp).process(1, NODE_NS, "systemd", "0::/init.scope\n").write();
    Files.createDirectories(tmp.resolve("900"));
    Files.createDirectories(tmp.resolve("self"));
    ScanResult r = scanner(f).scan(out);
    assertThat(r.namespaces()).isEqualTo(1);
    assertThat(skipped).containsEntry("process_vanished", 1);
  }

  @Test
  void newConnectionWhileEstablishedCountStays_movesActiveOpens_andIsReportedAtTheNextPass()
      throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9101, 801)
            .tcpCounters(POD_NS, 5, 1)
            .write();
    AtomicLong ticker = new AtomicLong();
    NamespaceScanner scanner = scanner(f, ticker);
    scanner.scan(out);
    assertThat(scanner.scan(out).unchanged()).isEqualTo(1); // the node's fixture has no counters
    // one connection closed, another opened: CurrEstab is the same, only ActiveOpens moved
    f.socket(POD_NS, "192.0.2.10", 40001, "198.51.100.9", 443, 0x01, 9102, 801)
        .tcpCounters(POD_NS, 6, 1)
        .write();
    connections.clear();
    ScanResult r = scanner.scan(out);
    assertThat(r.unchanged()).isZero();
    assertThat(connections).extracting(ConnectionSeen::clientPort).contains(40001);
  }

  @Test
  void listenerOpenedWithoutConnections_isReportedAtTheNextFullRead() throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9101, 801)
            .tcpCounters(POD_NS, 5, 1)
            .write();
    AtomicLong ticker = new AtomicLong();
    NamespaceScanner scanner = scanner(f, ticker);
    scanner.scan(out);
    // listen() moves no net/snmp counter: the socket list is reused...
    f.socket(POD_NS, "0.0.0.0", 9090, "0.0.0.0", 0, 0x0A, 9103, 801).write();
    ticker.addAndGet(Duration.ofSeconds(59).toNanos());
    scanner.scan(out);
    assertThat(listeners).isEmpty();
    // ...until the full-read bound
    ticker.addAndGet(Duration.ofSeconds(1).toNanos());
    scanner.scan(out);
    assertThat(listeners)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.port()).isEqualTo(9090);
              assertThat(l.process().podUid()).isEqualTo(UID);
            });
  }

  @Test
  void unchangedNamespaceWithTheSameProcesses_skipsFdScans_untilItsProcessesChange()
      throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            // held by a process outside the namespace: the fd scan of 801 never finds it
            .socket(POD_NS, "192.0.2.10", 40000, "198.51.100.7", 443, 0x01, 9101, 0)
            .tcpCounters(POD_NS, 5, 1)
            .write();
    NamespaceScanner scanner = scanner(f, new AtomicLong());
    scanner.scan(out);
    Files.delete(tmp.resolve("801/fd")); // an fd scan now counts the directory as vanished
    scanner.scan(out);
    assertThat(skipped).isEmpty();
    assertThat(connections).hasSize(2).allSatisfy(c -> assertThat(c.client().isKnown()).isFalse());
    new ProcFixture(tmp).process(802, POD_NS, "other", POD_CGROUP);
    scanner.scan(out);
    assertThat(skipped).containsEntry("process_vanished", 1);
  }

  @Test
  void namespaceWithoutProcesses_releasesItsCounterFile() throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            .tcpCounters(POD_NS, 5, 1)
            .write();
    NamespaceScanner scanner = scanner(f, new AtomicLong());
    scanner.scan(out);
    String snmp = tmp.resolve("801/net/snmp").toString();
    assertThat(openFilesStartingWith(snmp)).isEqualTo(1);
    deleteTree(tmp.resolve("801"));
    scanner.scan(out);
    assertThat(openFilesStartingWith(snmp)).isZero();
    scanner.close();
  }

  @Test
  void close_releasesEveryCounterFile() throws Exception {
    ProcFixture f =
        new ProcFixture(tmp)
            .process(1, NODE_NS, "systemd", "0::/init.scope\n")
            .process(801, POD_NS, "app", POD_CGROUP)
            .tcpCounters(POD_NS, 5, 1)
            .write();
    NamespaceScanner scanner = scanner(f, new AtomicLong());
    scanner.scan(out);
    scanner.close();
    assertThat(openFilesStartingWith(tmp.resolve("801/net/snmp").toString())).isZero();
  }

  private NamespaceScanner scanner(ProcFixture f, AtomicLong ticker) {
    return new NamespaceScanner(
        f.root(),
        f.root().resolve("1/ns/net"),
        counters,
        Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), ZoneOffset.UTC),
        Duration.ofSeconds(60),
        ticker::get);
  }

  /**
   * This JVM's open files whose path starts with {@code prefix} (a deleted file's link ends in "
   * (deleted)").
   */
  static long openFilesStartingWith(String prefix) throws Exception {
    long n = 0;
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) {
            n++;
          }
        } catch (java.io.IOException e) {
          // the directory stream's own descriptor, or one closed meanwhile
        }
      }
    }
    return n;
  }
}
