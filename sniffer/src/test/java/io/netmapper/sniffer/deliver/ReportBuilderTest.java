package io.netmapper.sniffer.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.Interval;
import io.netmapper.sniffer.collect.Window;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
  private static final Window W = new Window(1_500_000_000_123L, 1_500_000_001_000L, 2);
  private static final Attribution POD = new Attribution("uid-1", "cid-1", true, "nginx");

  private static List<MessageLite> build(ReportBuilder b, Interval i) {
    List<MessageLite> out = new ArrayList<>();
    long seq = 1;
    for (var f : b.batches(i)) {
      out.add(f.apply(BatchHeader.newBuilder().setSequence(seq++).build()));
    }
    return out;
  }

  @Test
  void interval_becomesDnsAndConnectionReports_withWindowsAndAttribution() {
    Interval i =
        new Interval(
            List.of(
                new Interval.Dns(
                    "192.0.2.10",
                    "a.test",
                    List.of("b.test"),
                    List.of("192.0.2.1"),
                    Attribution.NONE,
                    30,
                    W)),
            List.of(
                new Interval.Connection(
                    ConnectionSeen.Source.SYN, "192.0.2.10", 40000, "192.0.2.20", 443, POD, W)),
            List.of(new Interval.Listener("::", 9100, POD, W)));
    List<MessageLite> out = build(new ReportBuilder(100), i);
    assertThat(out).hasSize(2);
    DnsAnswerReport dns = (DnsAnswerReport) out.get(0);
    assertThat(dns.getHeader().getSequence()).isEqualTo(1);
    assertThat(dns.getAnswers(0).getQueryName()).isEqualTo("a.test");
    assertThat(dns.getAnswers(0).getCnameChainList()).containsExactly("b.test");
    assertThat(dns.getAnswers(0).getTtlSeconds()).isEqualTo(30);
    assertThat(dns.getAnswers(0).getSeen().getFirstSeen().getSeconds()).isEqualTo(1500);
    assertThat(dns.getAnswers(0).getSeen().getFirstSeen().getNanos()).isEqualTo(123);
    assertThat(dns.getAnswers(0).getSeen().getCount()).isEqualTo(2);
    ConnectionReport conn = (ConnectionReport) out.get(1);
    assertThat(conn.getConnections(0).getEvidence())
        .isEqualTo(ConnectionEvidence.CONNECTION_EVIDENCE_SYN);
    assertThat(conn.getConnections(0).getClientProcess().getPodUid()).isEqualTo("uid-1");
    assertThat(conn.getConnections(0).getClientProcess().getHostNetwork()).isTrue();
    assertThat(conn.getListeners(0).getPort()).isEqualTo(9100);
    assertThat(conn.getListeners(0).getProcess().getProcessName()).isEqualTo("nginx");
  }

  @Test
  void manyEntries_areSplitIntoBatchesOfAtMostMaxEntries() {
    List<Interval.Connection> conns = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      conns.add(
          new Interval.Connection(
              ConnectionSeen.Source.SOCKET_SCAN,
              "192.0.2.10",
              40000 + p,
              "192.0.2.20",
              443,
              Attribution.NONE,
              W));
    }
    List<Interval.Listener> listeners = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      listeners.add(new Interval.Listener("0.0.0.0", 8000 + p, Attribution.NONE, W));
    }
    List<MessageLite> out = build(new ReportBuilder(3), new Interval(List.of(), conns, listeners));
    assertThat(out).hasSize(3).allSatisfy(m -> assertThat(m).isInstanceOf(ConnectionReport.class));
    int connections =
        out.stream().mapToInt(m -> ((ConnectionReport) m).getConnectionsCount()).sum();
    int listens = out.stream().mapToInt(m -> ((ConnectionReport) m).getListenersCount()).sum();
    assertThat(connections).isEqualTo(5);
    assertThat(listens).isEqualTo(2);
    assertThat(out)
        .allSatisfy(
            m ->
                assertThat(
                        ((ConnectionReport) m).getConnectionsCount()
                            + ((ConnectionReport) m).getListenersCount())
                    .isLessThanOrEqualTo(3));
  }
}
