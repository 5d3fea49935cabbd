package io.netmapper.sniffer.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import io.netmapper.testbed.netns.NetnsProcess;
import io.netmapper.testbed.netns.TestBed;
import io.netmapper.testbed.netns.TestBedExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scan's change detection against the real kernel: a held {@code net/snmp} re-read with pread
 * sees new connections, a listener without connections waits for the full read, and the held file
 * is released once the namespace has no process left.
 */
@ExtendWith(TestBedExtension.class)
class ScanChangeDetectionInNetnsTest {
  private final List<ConnectionSeen> connections = new ArrayList<>();
  private final List<ListenerSeen> listeners = new ArrayList<>();
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
  private final AtomicLong ticker = new AtomicLong();

  private void scan(NamespaceScanner scanner) {
    connections.clear();
    listeners.clear();
    scanner.scan(out);
  }

  @Test
  void newConnectionInAnUnchangedNamespace_isReportedAtTheNextPass_idleListenerAtTheFullRead(
      TestBed bed) throws Exception {
    TestBed.Pod server = bed.pod(41);
    TestBed.Pod client = bed.pod(42);
    NetnsProcess listener = bed.start(server.netns(), "listen", "0.0.0.0", "38090");
    NetnsProcess idle = bed.start(client.netns(), "listen", "0.0.0.0", "38091");
    try (NamespaceScanner scanner =
        new NamespaceScanner(
            Path.of("/proc"),
            bed.node().path(),
            ScanCounters.NONE,
            Clock.systemUTC(),
            Duration.ofSeconds(60),
            ticker::get)) {
      scan(scanner);
      assertThat(listeners).extracting(ListenerSeen::port).contains(38090, 38091);
      scan(scanner); // both namespaces now unchanged: lists reused
      assertThat(heldCounterFiles(listener.pid())).isEqualTo(1);

      // a connection from the client namespace, by a new process: ActiveOpens moves there
      NetnsProcess connect = bed.start(client.netns(), "connect", server.ipv4(), "38090", "-1");
      int port = Integer.parseInt(connect.expect("CONNECTED", 10).split(" ")[1]);
      scan(scanner);
      assertThat(connections)
          .filteredOn(c -> c.clientIp().equals(client.ipv4()))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.clientPort()).isEqualTo(port);
                assertThat(c.serverPort()).isEqualTo(38090);
                assertThat(c.client().processName()).isEqualTo("java");
              });

      // listen() moves no counter: reported once the full-read bound passed
      bed.start(client.netns(), "listen", "0.0.0.0", "38092");
      scan(scanner);
      assertThat(listeners).extracting(ListenerSeen::port).doesNotContain(38092);
      ticker.addAndGet(Duration.ofSeconds(60).toNanos());
      scan(scanner);
      assertThat(listeners).extracting(ListenerSeen::port).contains(38092);

      // the server namespace loses its only process: its held file must not keep it alive
      long pid = listener.pid();
      listener.close();
      scan(scanner);
      assertThat(heldCounterFiles(pid)).isZero();
      assertThat(heldCounterFiles(idle.pid())).isEqualTo(1);
    }
    assertThat(heldCounterFiles(idle.pid())).isZero();
  }

  /** Descriptors of this JVM open on {@code /proc/<pid>/net/snmp}. */
  private static long heldCounterFiles(long pid) throws Exception {
    return NamespaceScannerTest.openFilesStartingWith("/proc/" + pid + "/net/snmp");
  }
}
