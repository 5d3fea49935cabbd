package io.netmapper.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {
  @Test
  void ipv4_isKeptAsDottedQuad() {
    assertThat(IpAddresses.canonical("10.244.1.7")).contains("10.244.1.7");
    assertThat(IpAddresses.canonical("255.255.255.255")).contains("255.255.255.255");
  }

  @Test
  void ipv6_isCompressedLowerCasePerRfc5952() {
    assertThat(IpAddresses.canonical("FD00:0:0:0:0:0:0:1")).contains("fd00::1");
    assertThat(IpAddresses.canonical("2001:db8:0:0:1:0:0:1")).contains("2001:db8::1:0:0:1");
    assertThat(IpAddresses.canonical("2001:db8:0:1:1:1:1:1")).contains("2001:db8:0:1:1:1:1:1");
    assertThat(IpAddresses.canonical("::")).contains("::");
    assertThat(IpAddresses.canonical("::1")).contains("::1");
  }

  @Test
  void ipv4MappedIpv6_becomesIpv4() {
    assertThat(IpAddresses.canonical("::ffff:10.0.0.1")).contains("10.0.0.1");
  }

  @Test
  void nonLiterals_areRejectedWithoutDnsLookup() {
    assertThat(IpAddresses.canonical("example.com")).isEmpty();
    assertThat(IpAddresses.canonical("localhost")).isEmpty();
    assertThat(IpAddresses.canonical("1.2.3")).isEmpty();
    assertThat(IpAddresses.canonical("1.2.3.256")).isEmpty();
    assertThat(IpAddresses.canonical("01.2.3.4")).isEmpty();
    assertThat(IpAddresses.canonical("1.2.3.4.5")).isEmpty();
    assertThat(IpAddresses.canonical("fe80::1%eth0")).isEmpty();
    assertThat(IpAddresses.canonical("")).isEmpty();
    assertThat(IpAddresses.canonical(null)).isEmpty();
    assertThat(IpAddresses.canonical(":::")).isEmpty();
  }

  @Test
  void cidr_containsAddressesInsideOnly() {
    Cidr v4 = Cidr.parse("10.244.0.0/16");
    assertThat(v4.contains(IpAddresses.parse("10.244.3.4"))).isTrue();
    assertThat(v4.contains(IpAddresses.parse("10.245.0.1"))).isFalse();
    Cidr v6 = Cidr.parse("fd00:10::/60");
    assertThat(v6.contains(IpAddresses.parse("fd00:10::5"))).isTrue();
    assertThat(v6.contains(IpAddresses.parse("fd00:11::5"))).isFalse();
    assertThat(v6.contains(IpAddresses.parse("10.244.3.4"))).isFalse();
    assertThat(Cidr.parse("10.1.2.0/23").contains(IpAddresses.parse("10.1.3.9"))).isTrue();
    assertThat(Cidr.parse("10.1.2.0/23").toString()).isEqualTo("10.1.2.0/23");
  }
}
