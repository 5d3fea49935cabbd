package io.netmapper.sniffer.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetTcpParserTest {

  @Test
  void ipv4Line_isDecodedFromLittleEndianHex() {
    SocketEntry e = NetTcpParser.parseLine(
        "0: 0A0200C0:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 20 4 30 10 -1");
    assertThat(e).isEqualTo(new SocketEntry("192.0.2.10", 40000, "192.0.2.20", 443, 1, 4242));
  }

  @Test
  void ipv6Line_isDecodedWordByWord() {
    // 2001:db8::a -> words 20010db8 00000000 00000000 0000000a, each printed little-endian
    SocketEntry e = NetTcpParser.parseLine(
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
  void badLines_areCountedAndSkipped() {
    String text = "  sl  local_address rem_address   st ...\n"
        + "0: 0A0200C0:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n"
        + "1: ZZZZ:9C40 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n"
        + "2: 0A0200C0 140200C0:01BB\n"
        + "3: 0A0200C0:FFFFF 140200C0:01BB 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n";
    List<SocketEntry> out = new ArrayList<>();
    assertThat(NetTcpParser.parse(text, out::add)).isEqualTo(3);
    assertThat(out).hasSize(1);
  }
}
