package io.netmapper.common.net;

import java.util.Arrays;

/** An address range such as {@code 10.244.0.0/16} or {@code fd00::/64}. */
public record Cidr(byte[] network, int prefixLength) {
  public Cidr {
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("a CIDR network has 4 or 16 bytes");
    }
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
    }
    network = network.clone();
  }

  /** Parses {@code address/prefix}; throws IllegalArgumentException with a readable message. */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR (expected address/prefix)");
    }
    byte[] net = IpAddresses.parse(text.substring(0, slash).trim());
    if (net == null) {
      throw new IllegalArgumentException("'" + text + "' does not start with an IP address");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
    }
    return new Cidr(net, prefix);
  }

  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.prefixLength == prefixLength
        && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return IpAddresses.format(network) + "/" + prefixLength;
  }
}
