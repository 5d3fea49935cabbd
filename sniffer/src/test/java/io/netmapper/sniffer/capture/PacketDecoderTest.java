package io.netmapper.sniffer.capture;

import static io.netmapper.sniffer.capture.Frames.dnsResponse;
import static io.netmapper.sniffer.capture.Frames.ethernet;
import static io.netmapper.sniffer.capture.Frames.ipv4;
import static io.netmapper.sniffer.capture.Frames.ipv6;
import static io.netmapper.sniffer.capture.Frames.sll;
import static io.netmapper.sniffer.capture.Frames.tcp;
import static io.netmapper.sniffer.capture.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
  private static final int SYN = 0x02;
  private static final int ACK = 0x10;
  private static final int PSH = 0x08;
  private static final int FIN = 0x01;

  private final RecordingObservations out = new RecordingObservations();

  private PacketDecoder decoder(int dlt) {
    return new PacketDecoder(dlt, out, out);
  }

  private static void feed(PacketDecoder d, byte[] frame) {
    d.decode(frame, frame.length, 1_000L);
  }

  @Test
  void udpDnsResponseOverEthernet_reportsTheDestinationAsClient() {
    byte[] dns = dnsResponse("svc.example.test", "svc.example.test A 192.0.2.44");
    feed(
        decoder(Frames.ETHERNET),
        ethernet(ipv4("192.0.2.53", "192.0.2.10", 17, udp(53, 40123, dns))));
    assertThat(out.answers).hasSize(1);
    DnsAnswer a = out.answers.get(0);
    assertThat(a.clientIp()).isEqualTo("192.0.2.10");
    assertThat(a.clientPort()).isEqualTo(40123);
    assertThat(a.queryName()).isEqualTo("svc.example.test");
    assertThat(a.ips()).containsExactly("192.0.2.44");
    assertThat(a.timeNanos()).isEqualTo(1_000L);
  }

  @Test
  void udpDnsResponseOverIpv6WithExtensionHeader_isParsed() {
    byte[] dns = dnsResponse("six.example.test", "six.example.test AAAA 2001:db8::44");
    feed(
        decoder(Frames.SLL),
        sll(ipv6("2001:db8::35", "2001:db8::a", 17, udp(53, 5353, dns), true)));
    assertThat(out.answers).extracting(DnsAnswer::clientIp).containsExactly("2001:db8::a");
  }

  @Test
  void synOverIpv4_isAConnectionAttempt_butSynAckIsNot() {
    PacketDecoder d = decoder(Frames.SLL);
    feed(d, sll(ipv4("192.0.2.10", "192.0.2.20", 6, tcp(40000, 443, 777, SYN, new byte[0]))));
    feed(d, sll(ipv4("192.0.2.20", "192.0.2.10", 6, tcp(443, 40000, 999, SYN | ACK, new byte[0]))));
    assertThat(out.connections).hasSize(1);
    ConnectionSeen c = out.connections.get(0);
    assertThat(c.source()).isEqualTo(ConnectionSeen.Source.SYN);
    assertThat(c.clientIp()).isEqualTo("192.0.2.10");
    assertThat(c.clientPort()).isEqualTo(40000);
    assertThat(c.serverIp()).isEqualTo("192.0.2.20");
    assertThat(c.serverPort()).isEqualTo(443);
    assertThat(c.sequence()).isEqualTo(777);
  }

  @Test
  void synOverIpv6_isAConnectionAttempt() {
    feed(
        decoder(Frames.ETHERNET),
        ethernet(
            ipv6("2001:db8::a", "2001:db8::14", 6, tcp(40001, 8080, 5, SYN, new byte[0]), false)));
    assertThat(out.connections)
        .extracting(ConnectionSeen::serverIp)
        .containsExactly("2001:db8::14");
  }

  @Test
  void tcpDnsResponseSplitOverSegments_isReassembled_andDuplicateCapturesIgnored() {
    PacketDecoder d = decoder(Frames.SLL);
    byte[] dns = dnsResponse("tcp.example.test", "tcp.example.test A 198.51.100.7");
    byte[] len = {(byte) (dns.length >> 8), (byte) dns.length};
    long isn = 0xfffffff0L; // sequence numbers wrap within this response
    feed(d, sll(ipv4("192.0.2.53", "192.0.2.10", 6, tcp(53, 40100, isn, SYN | ACK, new byte[0]))));
    byte[] first =
        sll(ipv4("192.0.2.53", "192.0.2.10", 6, tcp(53, 40100, isn + 1, PSH | ACK, len)));
    byte[] second =
        sll(
            ipv4(
                "192.0.2.53",
                "192.0.2.10",
                6,
                tcp(53, 40100, (isn + 3) & 0xffffffffL, PSH | ACK, Arrays.copyOf(dns, 10))));
    byte[] third =
        sll(
            ipv4(
                "192.0.2.53",
                "192.0.2.10",
                6,
                tcp(
                    53,
                    40100,
                    (isn + 13) & 0xffffffffL,
                    PSH | ACK | FIN,
                    Arrays.copyOfRange(dns, 10, dns.length))));
    feed(d, first);
    feed(d, first); // same packet captured on the bridge too
    feed(d, second);
    feed(d, second);
    feed(d, third);
    assertThat(out.answers).extracting(DnsAnswer::queryName).containsExactly("tcp.example.test");
    assertThat(out.count("malformed:dns_malformed")).isZero();
  }

  @Test
  void twoTcpDnsMessagesInOneSegment_areBothParsed() {
    byte[] a = dnsResponse("one.test", "one.test A 192.0.2.1");
    byte[] b = dnsResponse("two.test", "two.test A 192.0.2.2");
    ByteBuffer payload = ByteBuffer.allocate(4 + a.length + b.length);
    payload.putShort((short) a.length).put(a).putShort((short) b.length).put(b);
    feed(
        decoder(Frames.SLL),
        sll(ipv4("192.0.2.53", "192.0.2.10", 6, tcp(53, 40200, 1, PSH | ACK, payload.array()))));
    assertThat(out.answers)
        .extracting(DnsAnswer::queryName)
        .containsExactly("one.test", "two.test");
  }

  @Test
  void truncatedFrames_areCountedAndSkipped() {
    byte[] frame =
        ethernet(
            ipv4(
                "192.0.2.53",
                "192.0.2.10",
                17,
                udp(53, 1000, dnsResponse("x.test", "x.test A 192.0.2.1"))));
    PacketDecoder d = decoder(Frames.ETHERNET);
    for (int len = 0; len < frame.length; len++) {
      d.decode(Arrays.copyOf(frame, len), len, 0);
    }
    assertThat(out.answers).isEmpty();
    assertThat(out.count("malformed:truncated")).isGreaterThan(10);
  }

  @Test
  void nonFirstFragment_isSkipped() {
    byte[] packet =
        ipv4(
            "192.0.2.53",
            "192.0.2.10",
            17,
            udp(53, 1000, dnsResponse("f.test", "f.test A 192.0.2.1")));
    packet[6] = 0x00;
    packet[7] = 0x10; // fragment offset 16
    feed(decoder(Frames.SLL), sll(packet));
    assertThat(out.count("skipped:fragment")).isEqualTo(1);
    assertThat(out.answers).isEmpty();
  }

  @Test
  void badIpHeaderLength_isMalformed() {
    byte[] packet = ipv4("192.0.2.53", "192.0.2.10", 17, udp(53, 1000, new byte[12]));
    packet[0] = 0x43; // IHL 3 words
    feed(decoder(Frames.SLL), sll(packet));
    assertThat(out.count("malformed:bad_ip_header")).isEqualTo(1);
  }

  @Test
  void unsupportedLinkType_isSkipped() {
    PacketDecoder d = new PacketDecoder(9999, out, out);
    assertThat(d.supportsLinkType()).isFalse();
    d.decode(new byte[40], 40, 0);
    assertThat(out.count("skipped:unsupported_link_type")).isEqualTo(1);
  }
}
