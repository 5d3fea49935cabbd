package io.netmapper.sniffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.testbed.netns.NetnsProcess;
import io.netmapper.testbed.netns.TestBed;
import io.netmapper.testbed.netns.TestBedExtension;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real capture: a node namespace with a bridge, pod namespaces on veths, a real DNS server and real
 * TCP clients; the sniffer captures on "any" inside the node namespace and reports to a real gRPC
 * server.
 */
@ExtendWith(TestBedExtension.class)
class CaptureInNetnsTest {
  private static TestBed.Pod client;
  private static TestBed.Pod server;
  private static SnifferHarness harness;

  @BeforeAll
  static void setUp(TestBed bed) throws Exception {
    client = bed.pod(10);
    TestBed.Pod dns = bed.pod(53);
    server = bed.pod(20);
    bed.start(
        dns.netns(),
        "dns-server",
        dns.ipv4() + "," + dns.ipv6(),
        "api.example.test=CNAME:edge.example.test",
        "edge.example.test=CNAME:lb.example.test",
        "lb.example.test=A:192.0.2.80",
        "lb.example.test=AAAA:2001:db8::80",
        "plain.example.test=A:198.51.100.7",
        "v6only.example.test=AAAA:2001:db8::99");
    bed.start(server.netns(), "listen", "::", "8080");
    // the sniffer starts after the pods' veths exist and must still see pods created later
    harness = new SnifferHarness(bed.node());
  }

  @AfterAll
  static void tearDown() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void dnsAnswerOverUdp_isReportedForTheClientWithCnameChainFolded(TestBed bed) {
    try (NetnsProcess q =
        bed.start(client.netns(), "query", "192.0.2.53", "api.example.test", "A", "udp")) {
      assertThat(q.expect("ANSWER", 10)).contains("NOERROR").contains("192.0.2.80");
    }
    DnsAnswer a =
        harness.awaitDns(
            d ->
                d.getQueryName().equals("api.example.test")
                    && d.getClientIp().equals(client.ipv4()));
    assertThat(a.getClientIp()).isEqualTo(client.ipv4());
    assertThat(a.getCnameChainList()).containsExactly("edge.example.test", "lb.example.test");
    assertThat(a.getIpsList()).containsExactly("192.0.2.80");
    assertThat(a.getTtlSeconds()).isEqualTo(300);
    assertThat(a.getSeen().getCount()).isEqualTo(1); // captured on two veths, counted once
  }

  @Test
  void dnsAnswerOverIpv6_isReportedWithTheIpv6Client(TestBed bed) {
    try (NetnsProcess q =
        bed.start(client.netns(), "query", "2001:db8::35", "v6only.example.test", "AAAA", "udp")) {
      assertThat(q.expect("ANSWER", 10)).contains("NOERROR").contains("2001:db8:");
    }
    DnsAnswer a = harness.awaitDns(d -> d.getQueryName().equals("v6only.example.test"));
    assertThat(a.getClientIp()).isEqualTo("2001:db8::a");
    assertThat(a.getIpsList()).containsExactly("2001:db8::99");
  }

  @Test
  void dnsAnswerOverTcp_isReported(TestBed bed) {
    try (NetnsProcess q =
        bed.start(client.netns(), "query", "192.0.2.53", "plain.example.test", "A", "tcp")) {
      assertThat(q.expect("ANSWER", 10)).contains("198.51.100.7");
    }
    DnsAnswer a = harness.awaitDns(d -> d.getQueryName().equals("plain.example.test"));
    assertThat(a.getClientIp()).isEqualTo(client.ipv4());
    assertThat(a.getIpsList()).containsExactly("198.51.100.7");
  }

  @Test
  void nxdomain_isCountedAndNotReported(TestBed bed) {
    try (NetnsProcess q =
        bed.start(client.netns(), "query", "192.0.2.53", "missing.example.test", "A", "udp")) {
      assertThat(q.expect("ANSWER", 10)).contains("NXDOMAIN");
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness
                    .metrics
                    .scrape()
                    .contains("netmapper_sniffer_dns_ignored_total{reason=\"nxdomain\"}"));
    assertThat(harness.mapper.dns)
        .flatMap(r -> r.getAnswersList())
        .noneMatch(d -> d.getQueryName().equals("missing.example.test"));
  }

  @Test
  void shortLivedTcpConnection_isReportedFromItsSyn(TestBed bed) {
    String port;
    try (NetnsProcess c = bed.start(client.netns(), "connect", server.ipv4(), "8080", "0")) {
      port = c.expect("CONNECTED", 10).split(" ")[1];
    }
    Connection c =
        harness.awaitConnection(
            ConnectionEvidence.CONNECTION_EVIDENCE_SYN,
            x ->
                x.getServerIp().equals(server.ipv4())
                    && x.getClientPort() == Integer.parseInt(port));
    assertThat(c.getClientIp()).isEqualTo(client.ipv4());
    assertThat(c.getServerPort()).isEqualTo(8080);
    assertThat(c.getSeen().getCount()).isEqualTo(1);
  }

  @Test
  void shortLivedIpv6Connection_isReportedFromItsSyn(TestBed bed) {
    String port;
    try (NetnsProcess c = bed.start(client.netns(), "connect", server.ipv6(), "8080", "0")) {
      port = c.expect("CONNECTED", 10).split(" ")[1];
    }
    Connection c =
        harness.awaitConnection(
            ConnectionEvidence.CONNECTION_EVIDENCE_SYN,
            x ->
                x.getServerIp().equals(server.ipv6())
                    && x.getClientPort() == Integer.parseInt(port));
    assertThat(c.getClientIp()).isEqualTo(client.ipv6());
    assertThat(c.getServerPort()).isEqualTo(8080);
  }

  @Test
  void mapperStopped_capturedAnswersAreKeptAndDeliveredWhenItIsBack(TestBed bed) {
    harness.mapper.stop();
    try {
      try (NetnsProcess q =
          bed.start(client.netns(), "query", "192.0.2.53", "lb.example.test", "A", "udp")) {
        q.expect("ANSWER", 10);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> harness.sniffer.delivery().bufferedBatches() > 0);
      assertThat(harness.mapper.dns)
          .flatMap(r -> r.getAnswersList())
          .noneMatch(d -> d.getQueryName().equals("lb.example.test"));
    } finally {
      harness.mapper.start();
    }
    DnsAnswer a = harness.awaitDns(d -> d.getQueryName().equals("lb.example.test"));
    assertThat(a.getClientIp()).isEqualTo(client.ipv4());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> harness.sniffer.delivery().bufferedBatches() == 0);
  }

  @Test
  void healthAndMetrics_areServedOnTheHealthPort() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + harness.sniffer.healthPort();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.send(
                            java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(base + "/healthz"))
                                .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
    String metrics =
        http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "netmapper_sniffer_packets_total",
            "netmapper_sniffer_dns_answers_total",
            "netmapper_sniffer_syns_total",
            "netmapper_sniffer_scan_duration_seconds_count",
            "netmapper_sniffer_scan_namespaces",
            "netmapper_sniffer_batches_sent_total",
            "netmapper_sniffer_buffer_bytes");
  }

  @Test
  void podCreatedAfterStart_isCapturedToo(TestBed bed) {
    TestBed.Pod late = bed.pod(30);
    try (NetnsProcess q =
        bed.start(late.netns(), "query", "192.0.2.53", "api.example.test", "A", "udp")) {
      q.expect("ANSWER", 10);
    }
    DnsAnswer a = harness.awaitDns(d -> d.getClientIp().equals(late.ipv4()));
    assertThat(a.getQueryName()).isEqualTo("api.example.test");
  }
}
