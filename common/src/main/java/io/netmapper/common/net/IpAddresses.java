package io.netmapper.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Canonical text form of IP addresses, shared by every component so the same address is always the
 * same string: IPv4 dotted quad, IPv6 per RFC 5952 (lower case, longest zero run compressed),
 * IPv4-mapped IPv6 reduced to IPv4. Never performs a DNS lookup.
 */
public final class IpAddresses {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private IpAddresses() {}

  /** The canonical form of a literal address, or empty when the text is not an IP literal. */
  public static Optional<String> canonical(String text) {
    if (text != null && text.indexOf(':') < 0) {
      // the IPv4 parser accepts only the canonical dotted quad, so the text is its own form
      return parseIpv4(text) == null ? Optional.empty() : Optional.of(text);
    }
    byte[] bytes = parse(text);
    return bytes == null ? Optional.empty() : Optional.of(format(bytes));
  }

  public static boolean isIpLiteral(String text) {
    return parse(text) != null;
  }

  /** The 4 or 16 address bytes of a literal, or null when the text is not an IP literal. */
  public static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return parseIpv4(text);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return null; // also rejects zone ids and brackets
      }
    }
    try {
      // a literal made only of hex digits, colons and dots is never looked up in DNS
      byte[] bytes = InetAddress.getByName(text).getAddress();
      return bytes;
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] parseIpv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (value < 0 || part > 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // leading zeros are ambiguous (octal in some parsers)
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  /** Formats 4 or 16 address bytes in canonical form. */
  public static String format(byte[] address) {
    return format(address, 0, address.length);
  }

  /**
   * Formats the 4 or 16 address bytes at {@code offset} (e.g. inside a captured packet) without
   * copying them.
   */
  public static String format(byte[] b, int offset, int length) {
    if (length == 4) {
      return (b[offset] & 0xff)
          + "."
          + (b[offset + 1] & 0xff)
          + "."
          + (b[offset + 2] & 0xff)
          + "."
          + (b[offset + 3] & 0xff);
    }
    if (length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + length);
    }
    if (isIpv4Mapped(b, offset)) {
      return format(b, offset + 12, 4);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((b[offset + 2 * i] & 0xff) << 8) | (b[offset + 2 * i + 1] & 0xff);
    }
    // the longest run of two or more zero words becomes "::" (the first one on a tie)
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    char[] out = new char[39];
    int n = 0;
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out[n++] = ':';
        out[n++] = ':';
        i += bestLen - 1;
        continue;
      }
      if (n > 0 && out[n - 1] != ':') {
        out[n++] = ':';
      }
      int w = words[i];
      boolean started = false;
      for (int shift = 12; shift >= 0; shift -= 4) {
        int digit = (w >> shift) & 0xf;
        if (digit != 0 || started || shift == 0) {
          out[n++] = HEX[digit];
          started = true;
        }
      }
    }
    return new String(out, 0, n);
  }

  private static boolean isIpv4Mapped(byte[] b, int offset) {
    for (int i = 0; i < 10; i++) {
      if (b[offset + i] != 0) {
        return false;
      }
    }
    return b[offset + 10] == (byte) 0xff && b[offset + 11] == (byte) 0xff;
  }
}
