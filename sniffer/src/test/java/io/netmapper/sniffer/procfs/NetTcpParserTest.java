package io.netmapper.sniffer.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetTcpParserTest {

  @Test
  void ipv4Line_isDecodedFromLittleEndianHex() {
    SocketEntry e =
        NetTcpParser.parseLine(
            "0: 0A0200C0:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 20 4 30 10 -1");
    assertThat(e).isEqualTo(new SocketEntry("192.0.2.10", 40000, "192.0.2.20", 443, 1, 4242));
  }

  @Test
  void ipv6Line_isDecodedWordByWord() {
    // 2001:db8::a -> words 20010db8 00000000 00000000 0000000a, each printed little-endian
    SocketEntry e =
        NetTcpParser.parseLine(
            "1: B80D0120000000000000000000000000:1F90 B80D01200000000000000000"
                + "0A000000:0050 0A 00000000:00000000 00:00000000 00000000 0 0 77 1 0 100 0 0 10 0");
    assertThat(e.localIp()).isEqualTo("2001:db8::");
    assertThat(e.remoteIp()).isEqualTo("2001:db8::a");
    assertThat(e.localPort()).isEqualTo(8080);
    assertThat(e.state()).isEqualTo(SocketEntry.LISTEN);
    assertThat(e.inode()).isEqualTo(77);
  }

  @Test
  void ipv4MappedIpv6_isShownAsIpv4() {
    assertThat(NetTcpParser.address(ProcFixture.hex("::ffff:192.0.2.7"))).isEqualTo("192.0.2.7");
  }

  @Test
  void fixtureHex_roundTrips() {
    assertThat(NetTcpParser.address(ProcFixture.hex("192.0.2.10"))).isEqualTo("192.0.2.10");
    assertThat(NetTcpParser.address(ProcFixture.hex("2001:db8::1:2"))).isEqualTo("2001:db8::1:2");
  }

  @Test
  void badLines_areCountedAndSkipped() throws Exception {
    String text =
        "  sl  local_address rem_address   st ...\n"
            + "0: 0A0200C0:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n"
            + "1: ZZZZ:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n"
            + "2: 0A0200C0 140200C0:01BB\n"
            + "3: 0A0200C0:FFFFF 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n";
    List<SocketEntry> out = new ArrayList<>();
    assertThat(parse(text, 4096, out)).isEqualTo(3);
    assertThat(out).hasSize(1);
  }

  @Test
  void otherStates_areSkippedUnparsed_andLinesSplitAcrossReadsAreWhole() throws Exception {
    StringBuilder text = new StringBuilder("  sl  local_address rem_address   st ...\n");
    for (int i = 0; i < 1000; i++) {
      String state =
          i % 10 == 0 ? "01" : i % 10 == 1 ? "0A" : "06"; // TIME_WAIT's rest is not looked at
      text.append(
          String.format(
              "%4d: 0A0200C0:%04X 140200C0:01BB %s 00000000:00000000 00:00000000 00000000 0 0 %d 1%n",
              i, 1000 + i, state, i));
    }
    text.append(
        "1000: 0A0200C0:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 7 1"); // no newline
    List<SocketEntry> out = new ArrayList<>();
    assertThat(parse(text.toString(), 100, out))
        .isZero(); // a 100-byte buffer splits almost every line
    assertThat(out).hasSize(201);
    assertThat(out).filteredOn(e -> e.state() == SocketEntry.LISTEN).hasSize(100);
    assertThat(out.get(out.size() - 1).inode()).isEqualTo(7);
  }

  @Test
  void lineLongerThanTheBuffer_isCountedAndSkipped() throws Exception {
    String text =
        "header\n"
            + "x".repeat(300)
            + "\n"
            + "0: 0A0200C0:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n";
    List<SocketEntry> out = new ArrayList<>();
    assertThat(parse(text, 128, out)).isGreaterThanOrEqualTo(1);
    assertThat(out).hasSize(1);
  }

  private static int parse(String text, int bufferSize, List<SocketEntry> out) throws Exception {
    return NetTcpParser.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
        new byte[bufferSize],
        out::add);
  }
}
