package io.netmapper.sniffer.capture;

import static io.netmapper.sniffer.capture.Frames.dnsResponse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsAnswerParserTest {
  private final DnsAnswerParser parser = new DnsAnswerParser();

  private DnsAnswerParser.Result parse(byte[] m) {
    return parser.parse(m, 0, m.length);
  }

  @Test
  void aAnswer_isParsedWithTtlAndId() {
    DnsAnswerParser.Result r =
        parse(
            dnsResponse(
                7,
                "Api.Example.test",
                Type.A,
                Rcode.NOERROR,
                "api.example.test A 192.0.2.7 30",
                "api.example.test A 192.0.2.8 90"));
    assertThat(r.status()).isEqualTo(DnsAnswerParser.Status.ANSWER);
    assertThat(r.messageId()).isEqualTo(7);
    assertThat(r.queryName()).isEqualTo("api.example.test");
    assertThat(r.cnameChain()).isEmpty();
    assertThat(r.ips()).containsExactly("192.0.2.7", "192.0.2.8");
    assertThat(r.ttlSeconds()).isEqualTo(30);
  }

  @Test
  void cnameChain_isFoldedUnderTheQueriedName() {
    DnsAnswerParser.Result r =
        parse(
            dnsResponse(
                "www.example.test",
                "www.example.test CNAME cdn.example.net",
                "cdn.example.net CNAME edge.example.org",
                "edge.example.org AAAA 2001:db8:0:0::1"));
    assertThat(r.queryName()).isEqualTo("www.example.test");
    assertThat(r.cnameChain()).containsExactly("cdn.example.net", "edge.example.org");
    assertThat(r.ips()).containsExactly("2001:db8::1");
  }

  @Test
  void cnameLoop_endsAndReportsNoAddress() {
    DnsAnswerParser.Result r =
        parse(dnsResponse("a.test", "a.test CNAME b.test", "b.test CNAME a.test"));
    assertThat(r.status()).isEqualTo(DnsAnswerParser.Status.IGNORED);
    assertThat(r.reason()).isEqualTo("no_address");
  }

  @Test
  void nxdomainAndEmptyAnswers_areIgnoredWithReasons() {
    assertThat(parse(dnsResponse(1, "x.test", Type.A, Rcode.NXDOMAIN)).reason())
        .isEqualTo("nxdomain");
    assertThat(parse(dnsResponse(1, "x.test", Type.A, Rcode.NOERROR)).reason()).isEqualTo("empty");
    assertThat(parse(dnsResponse(1, "x.test", Type.A, Rcode.SERVFAIL)).reason())
        .isEqualTo("error_rcode");
  }

  @Test
  void query_isNotAResponse() {
    byte[] m = dnsResponse("q.test", "q.test A 192.0.2.1");
    m[2] &= 0x7f; // clear QR
    assertThat(parse(m).reason()).isEqualTo("not_response");
  }

  @Test
  void truncatedDnsAnswer_isCountedAsMalformed() {
    byte[] m = dnsResponse("t.test", "t.test A 192.0.2.1");
    for (int len = 0; len < m.length; len++) {
      DnsAnswerParser.Result r = parser.parse(Arrays.copyOf(m, len), 0, len);
      assertThat(r.status()).as("length %d", len).isNotEqualTo(DnsAnswerParser.Status.ANSWER);
    }
    assertThat(parser.parse(m, 0, 5).reason()).isEqualTo("dns_truncated");
  }

  @Test
  void compressionPointerToItself_isMalformed() {
    // header: QR, 1 question, 1 answer; question name is a pointer to offset 12 (itself)
    byte[] m = {
      0,
      1,
      (byte) 0x81,
      (byte) 0x80,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      0,
      (byte) 0xc0,
      12,
      0,
      1,
      0,
      1,
      (byte) 0xc0,
      12,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      4,
      (byte) 192,
      0,
      2,
      1
    };
    assertThat(parse(m).status()).isEqualTo(DnsAnswerParser.Status.MALFORMED);
  }

  @Test
  void compressionPointersInALoop_areMalformed() {
    // answer name points to 20, which points back to 18
    byte[] m = {
      0,
      1,
      (byte) 0x81,
      (byte) 0x80,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      0,
      1,
      'a',
      0,
      0,
      1,
      0,
      1,
      (byte) 0xc0,
      21,
      (byte) 0xc0,
      19,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      4,
      (byte) 192,
      0,
      2,
      1
    };
    assertThat(parse(m).status()).isEqualTo(DnsAnswerParser.Status.MALFORMED);
  }

  @Test
  void pointerBeyondTheMessage_isMalformed() {
    byte[] m = {
      0, 1, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 1, 0, 1
    };
    assertThat(parse(m).status()).isEqualTo(DnsAnswerParser.Status.MALFORMED);
  }

  @Test
  void hugeAnswerCount_isMalformedWithoutParsing() {
    byte[] m = dnsResponse("h.test", "h.test A 192.0.2.1");
    m[6] = (byte) 0xff;
    m[7] = (byte) 0xff;
    assertThat(parse(m).status()).isEqualTo(DnsAnswerParser.Status.MALFORMED);
  }

  @Test
  void severalQuestions_areRefused() {
    byte[] m = dnsResponse("h.test", "h.test A 192.0.2.1");
    m[5] = 2;
    assertThat(parse(m).status()).isEqualTo(DnsAnswerParser.Status.MALFORMED);
  }

  @Test
  void messageInsideALargerBuffer_isParsedAtItsOffset() {
    byte[] m = dnsResponse("o.test", "o.test A 192.0.2.9");
    byte[] buf = new byte[m.length + 10];
    System.arraycopy(m, 0, buf, 7, m.length);
    assertThat(parser.parse(buf, 7, m.length).ips()).containsExactly("192.0.2.9");
  }

  @Test
  void recordAfterAnAddressAtTheSameIndex_doesNotReportTheEarlierAddress() {
    // the fast path reuses its per-record arrays: a record that is not an address must not keep
    // the address an earlier message left at its index
    assertThat(parse(dnsResponse("s.test", "s.test A 192.0.2.1")).ips())
        .containsExactly("192.0.2.1");
    byte[] txt = dnsResponse("s.test", "s.test A 192.0.2.1");
    txt[txt.length - 14] = 0;
    txt[txt.length - 13] = 16; // TYPE TXT, same 4 bytes of data
    assertThat(parse(txt).reason()).isEqualTo("no_address");
  }

  @Test
  void moreAnswersThanTheReusedArraysHold_areAllReported() {
    String[] answers = new String[40];
    String[] ips = new String[40];
    for (int i = 0; i < answers.length; i++) {
      ips[i] = "192.0.2." + (i + 1);
      answers[i] = "big.test A " + ips[i];
    }
    assertThat(parse(dnsResponse("big.test", answers)).ips()).containsExactly(ips);
    assertThat(parse(dnsResponse("small.test", "small.test A 192.0.2.1")).ips())
        .containsExactly("192.0.2.1");
  }

  @Test
  void sameAnswerTwice_reusesTheSameNameAndListInstances() {
    DnsAnswerParser.Result first =
        parse(
            dnsResponse(
                "www.example.test",
                "www.example.test CNAME cdn.example.net",
                "cdn.example.net A 192.0.2.1",
                "cdn.example.net A 192.0.2.2"));
    DnsAnswerParser.Result second =
        parse(
            dnsResponse(
                99,
                "WWW.example.test",
                Type.A,
                Rcode.NOERROR,
                "www.example.test CNAME cdn.example.net",
                "cdn.example.net A 192.0.2.1",
                "cdn.example.net A 192.0.2.2"));
    assertThat(second.messageId()).isEqualTo(99);
    assertThat(second.queryName()).isSameAs(first.queryName());
    assertThat(second.cnameChain()).isSameAs(first.cnameChain()).containsExactly("cdn.example.net");
    assertThat(second.ips()).isSameAs(first.ips()).containsExactly("192.0.2.1", "192.0.2.2");
  }
}
