package io.netmapper.aws.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmapper.aws.ca.LeafCertificates;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the proxy refuses, how upstream failures look to the client, and that all are counted. */
class ProxyRefusalsAndFailuresTest {

  static final String S3 = "s3.eu-central-1.amazonaws.com";
  FakeAws fake;
  ProxyHarness h;
  SSLContext clientTls;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeAws();
    h = new ProxyHarness(fake);
    clientTls = TestPki.sslContext(TestPki.trusting(h.ca.certificate()));
  }

  @AfterEach
  void stop() {
    h.close();
    fake.close();
  }

  @Test
  void nonAwsSni_getsNoCertificate_andIsCounted() {
    assertThatThrownBy(() -> RawHttp.tls(clientTls, h.proxy.httpsPort(), "example.com"))
        .isInstanceOf(SSLException.class);
    await().until(() -> h.count(ProxyMetrics.TLS_FAILURES, "reason", "sni_not_allowed") == 1);
    assertThat(h.count(ProxyMetrics.REJECTED_HOSTS, "scheme", "https", "reason", "not_allowed"))
        .isEqualTo(1);
  }

  @Test
  void noSni_handshakeFails_andIsCounted() {
    assertThatThrownBy(() -> RawHttp.tls(clientTls, h.proxy.httpsPort(), null))
        .isInstanceOf(SSLException.class);
    await().until(() -> h.count(ProxyMetrics.TLS_FAILURES, "reason", "no_sni") == 1);
  }

  @Test
  void plainBytesOnTheTlsPort_areCountedAsNotTls() throws Exception {
    try (var s = RawHttp.plain(h.proxy.httpsPort())) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(h.count(ProxyMetrics.TLS_FAILURES, "reason", "not_tls"))
                    .as(h.dump())
                    .isEqualTo(1));
  }

  @Test
  void plainHttp_nonAwsHost_gets403() throws Exception {
    try (var s = RawHttp.plain(h.proxy.httpPort())) {
      var r = RawHttp.exchange(s, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body()).contains("host not allowed");
    }
    assertThat(h.count(ProxyMetrics.REJECTED_HOSTS, "scheme", "http", "reason", "not_allowed"))
        .isEqualTo(1);
    assertThat(fake.received).isEmpty();
    assertThat(h.seen).isEmpty();
  }

  @Test
  void https_hostHeaderNotMatchingSni_gets421() throws Exception {
    try (var s = RawHttp.tls(clientTls, h.proxy.httpsPort(), S3)) {
      var r = RawHttp.exchange(s, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
      assertThat(r.status()).isEqualTo(421);
    }
    assertThat(h.count(ProxyMetrics.REJECTED_HOSTS, "scheme", "https", "reason", "host_mismatch"))
        .isEqualTo(1);
    assertThat(fake.received).isEmpty();
  }

  @Test
  void malformedRequest_gets400_andIsCounted() throws Exception {
    try (var s = RawHttp.plain(h.proxy.httpPort())) {
      var r = RawHttp.exchange(s, "NOT A REQUEST LINE AT ALL\r\n\r\n");
      assertThat(r.status()).isEqualTo(400);
    }
    assertThat(h.count(ProxyMetrics.MALFORMED, "scheme", "http", "reason", "bad_syntax"))
        .isEqualTo(1);
  }

  @Test
  void keepAlive_severalRequestsOnOneTlsConnection_headersByteExactUpstream() throws Exception {
    String head =
        "GET /status/200?a=1&b=%2F HTTP/1.1\r\nHost: "
            + S3
            + "\r\n"
            + "X-Zeta: last-first\r\nx-amz-date: 20261126T000000Z\r\nAuthorization: AWS4-HMAC-SHA256 "
            + "Credential=AKID/20261126/eu-central-1/s3/aws4_request, Signature=abc\r\n"
            + "X-Dup: 1\r\nX-Dup: 2\r\n";
    try (var s = RawHttp.tls(clientTls, h.proxy.httpsPort(), S3)) {
      assertThat(RawHttp.exchange(s, head + "\r\n").status()).isEqualTo(200);
      var second =
          RawHttp.exchange(
              s,
              "POST /status/404 HTTP/1.1\r\nHost: "
                  + S3
                  + "\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
      assertThat(second.status()).isEqualTo(404);
      assertThat(second.body()).isEqualTo("fake says 404");
    }
    assertThat(fake.received.get(0).headers())
        .extracting(e -> e.getKey() + ": " + e.getValue())
        .containsExactly(
            "Host: " + S3,
            "X-Zeta: last-first",
            "x-amz-date: 20261126T000000Z",
            "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261126/eu-central-1/s3/"
                + "aws4_request, Signature=abc",
            "X-Dup: 1",
            "X-Dup: 2");
    assertThat(fake.received.get(0).uri()).isEqualTo("/status/200?a=1&b=%2F");
    var first = h.seen.get(0).request();
    assertThat(first.path()).isEqualTo("/status/200");
    assertThat(first.rawQuery()).isEqualTo("a=1&b=%2F");
    assertThat(first.header("x-dup")).isEqualTo("1,2");
    assertThat(new String(h.seen.get(1).request().body())).isEqualTo("hello");
    assertThat(h.seen.get(1).request().bodyComplete()).isTrue();
    assertThat(h.count(ProxyMetrics.REQUESTS, "scheme", "https", "outcome", "4xx")).isEqualTo(1);
  }

  @Test
  void upstream500_passesThroughAsIs() throws Exception {
    try (var s = RawHttp.plain(h.proxy.httpPort())) {
      var r = RawHttp.exchange(s, "GET /status/500 HTTP/1.1\r\nHost: " + S3 + "\r\n\r\n");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body()).isEqualTo("fake says 500");
      assertThat(r.head()).containsIgnoringCase("x-amzn-RequestId");
    }
    assertThat(h.count(ProxyMetrics.REQUESTS, "scheme", "http", "outcome", "5xx")).isEqualTo(1);
  }

  @Test
  void listenerException_isCountedAndTheRequestStillForwarded() throws Exception {
    h.listenerFailure = new IllegalStateException("boom");
    try (var s = RawHttp.plain(h.proxy.httpPort())) {
      assertThat(
              RawHttp.exchange(s, "GET /status/204 HTTP/1.1\r\nHost: " + S3 + "\r\n\r\n").status())
          .isEqualTo(204);
    }
    assertThat(h.count(ProxyMetrics.LISTENER_ERRORS, "reason", "IllegalStateException"))
        .isEqualTo(1);
  }

  @Test
  void refusingUpstream_gives502_andIsCounted() throws Exception {
    int dead;
    try (var probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = probe.getLocalPort();
    }
    int deadPort = dead;
    try (var broken =
            new ProxyHarness(
                fake,
                (host, port) -> new InetSocketAddress("127.0.0.1", deadPort),
                Duration.ofSeconds(5));
        var s = RawHttp.plain(broken.proxy.httpPort())) {
      var r = RawHttp.exchange(s, "GET /x HTTP/1.1\r\nHost: " + S3 + "\r\n\r\n");
      assertThat(r.status()).isEqualTo(502);
      assertThat(broken.count(ProxyMetrics.UPSTREAM_ERRORS, "reason", "connect_failed"))
          .isEqualTo(1);
      assertThat(broken.count(ProxyMetrics.REQUESTS, "scheme", "http", "outcome", "bad_gateway"))
          .isEqualTo(1);
    }
  }

  @Test
  void silentUpstream_gives504() throws Exception {
    try (var silent = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
        var slow =
            new ProxyHarness(
                fake,
                (host, port) -> new InetSocketAddress("127.0.0.1", silent.getLocalPort()),
                Duration.ofMillis(300));
        var s = RawHttp.plain(slow.proxy.httpPort())) {
      var r = RawHttp.exchange(s, "GET /x HTTP/1.1\r\nHost: " + S3 + "\r\n\r\n");
      assertThat(r.status()).isEqualTo(504);
      assertThat(slow.count(ProxyMetrics.UPSTREAM_ERRORS, "reason", "read_timeout")).isEqualTo(1);
    }
  }

  @Test
  void upstreamCertificateForAnotherName_gives502() throws Exception {
    String other = "sqs.us-east-1.amazonaws.com";
    try (var s = RawHttp.tls(clientTls, h.proxy.httpsPort(), other)) {
      var r = RawHttp.exchange(s, "GET / HTTP/1.1\r\nHost: " + other + "\r\n\r\n");
      assertThat(r.status()).isEqualTo(502);
    }
    assertThat(h.count(ProxyMetrics.UPSTREAM_ERRORS, "reason", "tls")).isEqualTo(1);
    assertThat(fake.received).isEmpty();
  }

  @Test
  void portInUse_isAClearStartupError() throws Exception {
    try (var taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      var config =
          new AwsProxyConfig(
              "127.0.0.1",
              taken.getLocalPort(),
              0,
              1024,
              443,
              80,
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              List.of(".amazonaws.com"));
      var registry = new SimpleMeterRegistry();
      var proxy =
          new AwsProxy(
              config,
              new LeafCertificates(h.ca, Clock.systemUTC(), registry),
              (c, r, a) -> {},
              registry);
      assertThatThrownBy(proxy::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen for https on")
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
      proxy.close();
    }
  }
}
