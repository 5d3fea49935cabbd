package io.netmapper.sniffer.capture;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Canonical text of raw address bytes (RFC 5952 for IPv6, dotted quad for IPv4 and v4-mapped). */
public final class IpText {
  private IpText() { }

  public static String format(byte[] bytes, int offset, int length) {
    if (length == 4) {
      return (bytes[offset] & 0xff) + "." + (bytes[offset + 1] & 0xff) + "." + (bytes[offset + 2] & 0xff)
          + "." + (bytes[offset + 3] & 0xff);
    }
    byte[] copy = new byte[length];
    System.arraycopy(bytes, offset, copy, 0, length);
    return format(copy);
  }

  public static String format(byte[] address) {
    if (address.length == 4) {
      return format(address, 0, 4);
    }
    try {
      return InetAddresses.toAddrString(InetAddress.getByAddress(address));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length, e);
    }
  }
}
