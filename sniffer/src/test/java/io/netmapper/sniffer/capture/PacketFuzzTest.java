package io.netmapper.sniffer.capture;

import static io.netmapper.sniffer.capture.Frames.dnsResponse;
import static io.netmapper.sniffer.capture.Frames.ipv4;
import static io.netmapper.sniffer.capture.Frames.ipv6;
import static io.netmapper.sniffer.capture.Frames.sll;
import static io.netmapper.sniffer.capture.Frames.tcp;
import static io.netmapper.sniffer.capture.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Many random and mutated packets through the whole decoder and DNS parser: nothing escapes, and
 * bad input is counted rather than reported.
 */
class PacketFuzzTest {
  private static final int ROUNDS = 200_000;

  private static List<byte[]> seeds() {
    byte[] dns =
        dnsResponse(
            "www.example.test",
            "www.example.test CNAME cdn.example.net",
            "cdn.example.net A 192.0.2.1",
            "cdn.example.net A 192.0.2.2");
    byte[] dns6 = dnsResponse("six.example.test", "six.example.test AAAA 2001:db8::1");
    byte[] tcpPayload = new byte[dns.length + 2];
    tcpPayload[0] = (byte) (dns.length >> 8);
    tcpPayload[1] = (byte) dns.length;
    System.arraycopy(dns, 0, tcpPayload, 2, dns.length);
    return List.of(
        sll(ipv4("192.0.2.53", "192.0.2.10", 17, udp(53, 4000, dns))),
        sll(ipv6("2001:db8::35", "2001:db8::a", 17, udp(53, 4000, dns6), true)),
        sll(ipv4("192.0.2.53", "192.0.2.10", 6, tcp(53, 4001, 9, 0x18, tcpPayload))),
        sll(ipv4("192.0.2.10", "192.0.2.20", 6, tcp(4002, 443, 1, 0x02, new byte[0]))),
        sll(ipv6("2001:db8::a", "2001:db8::14", 6, tcp(4003, 443, 1, 0x02, new byte[0]), false)));
  }

  @Test
  void mutatedAndRandomPackets_neverThrow_andAreCounted() {
    RecordingObservations out = new RecordingObservations();
    PacketDecoder decoder = new PacketDecoder(Frames.SLL, out, out);
    SplittableRandom random = new SplittableRandom(20261126L);
    List<byte[]> seeds = seeds();
    for (int i = 0; i < ROUNDS; i++) {
      byte[] frame;
      if (i % 10 == 0) {
        frame = new byte[random.nextInt(0, 200)];
        random.nextBytes(frame);
      } else {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        frame = seed.clone();
        int flips = 1 + random.nextInt(6);
        for (int f = 0; f < flips; f++) {
          int pos = random.nextInt(frame.length);
          // favour the DNS part so the parser, not just the headers, sees hostile input
          if (random.nextBoolean() && frame.length > 60) {
            pos = 44 + random.nextInt(frame.length - 44);
          }
          frame[pos] = (byte) random.nextInt(256);
        }
        if (random.nextInt(8) == 0) {
          frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 1));
        }
      }
      decoder.decode(frame, frame.length, i);
    }
    assertThat(out.packets).isEqualTo(ROUNDS);
    int malformed =
        out.counts.entrySet().stream()
            .filter(e -> e.getKey().startsWith("malformed:"))
            .mapToInt(java.util.Map.Entry::getValue)
            .sum();
    assertThat(malformed).isGreaterThan(ROUNDS / 20);
    // every reported answer is well-formed
    assertThat(out.answers).allSatisfy(a -> assertThat(a.ips()).isNotEmpty());
  }

  @Test
  void fastPathAndDnsjava_agreeOnMutatedMessages() {
    DnsAnswerParser parser = new DnsAnswerParser();
    SplittableRandom random = new SplittableRandom(11);
    List<byte[]> seeds =
        List.of(
            dnsResponse(
                "www.example.test",
                "www.example.test CNAME cdn.example.net",
                "cdn.example.net A 192.0.2.1",
                "cdn.example.net A 192.0.2.2"),
            dnsResponse("Six.Example.test", "six.example.test AAAA 2001:db8::1"),
            dnsResponse("a.test", "a.test CNAME b.test", "b.test CNAME a.test"));
    int compared = 0;
    int answers = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] m = seeds.get(random.nextInt(seeds.size())).clone();
      for (int f = 0; f < random.nextInt(4); f++) {
        int pos =
            12 + random.nextInt(m.length - 12); // keep the header: both paths must get past it
        m[pos] = (byte) random.nextInt(256);
      }
      DnsAnswerParser.Result fastOrFallback = parser.parse(m, 0, m.length);
      int qd = ((m[4] & 0xff) << 8) | (m[5] & 0xff);
      int an = ((m[6] & 0xff) << 8) | (m[7] & 0xff);
      DnsAnswerParser.Result reference = parser.parseWithDnsjava(m, 0, m.length, qd, an);
      if (reference.status() != DnsAnswerParser.Status.MALFORMED) {
        assertThat(fastOrFallback)
            .as("message %s", java.util.HexFormat.of().formatHex(m))
            .isEqualTo(reference);
        compared++;
        if (reference.status() == DnsAnswerParser.Status.ANSWER) {
          answers++;
        }
      }
    }
    assertThat(compared).isGreaterThan(ROUNDS / 4);
    assertThat(answers).isGreaterThan(ROUNDS / 10);
  }

  @Test
  void randomDnsMessages_neverThrow() {
    DnsAnswerParser parser = new DnsAnswerParser();
    SplittableRandom random = new SplittableRandom(7);
    byte[] seed =
        dnsResponse(
            "www.example.test",
            "www.example.test CNAME cdn.example.net",
            "cdn.example.net A 192.0.2.1");
    for (int i = 0; i < ROUNDS; i++) {
      byte[] m = seed.clone();
      for (int f = 0; f < 1 + random.nextInt(4); f++) {
        m[random.nextInt(m.length)] = (byte) random.nextInt(256);
      }
      m[2] |= (byte) 0x80; // keep QR so that mutations reach dnsjava
      m[3] &= (byte) 0xf0; // and NOERROR
      DnsAnswerParser.Result r = parser.parse(m, 0, m.length);
      assertThat(r).isNotNull();
    }
  }
}
