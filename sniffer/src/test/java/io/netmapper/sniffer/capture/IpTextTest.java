package io.netmapper.sniffer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.netmapper.common.net.IpAddresses;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpTextTest {

  @Test
  void formats_likeRfc5952() {
    assertThat(IpAddresses.format(Frames.ip("192.0.2.7"))).isEqualTo("192.0.2.7");
    assertThat(IpAddresses.format(Frames.ip("2001:db8:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
    assertThat(IpAddresses.format(Frames.ip("::"))).isEqualTo("::");
    assertThat(IpAddresses.format(Frames.ip("::1"))).isEqualTo("::1");
    assertThat(IpAddresses.format(Frames.ip("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
    assertThat(IpAddresses.format(Frames.ip("2001:db8:0:0:1:0:0:1")))
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpAddresses.format(Frames.ip("fe80:0:0:0:abcd:0:0:0")))
        .isEqualTo("fe80::abcd:0:0:0");
  }

  @Test
  void ipv4MappedIpv6_isDottedQuad() {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 198;
    mapped[13] = 51;
    mapped[14] = 100;
    mapped[15] = 9;
    assertThat(IpAddresses.format(mapped)).isEqualTo("198.51.100.9");
  }

  @Test
  void randomIpv6_matchesGuava() throws Exception {
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[16];
      for (int w = 0; w < 8; w++) {
        if (r.nextInt(3) > 0) { // plenty of zero words
          b[2 * w] = (byte) r.nextInt(256);
          b[2 * w + 1] = (byte) r.nextInt(256);
        }
      }
      b[10] = 1; // avoid v4-mapped, which Guava prints differently
      assertThat(IpAddresses.format(b))
          .isEqualTo(InetAddresses.toAddrString(InetAddress.getByAddress(b)));
    }
  }
}
