package io.netmapper.sniffer.capture;

/** Canonical text of raw address bytes: dotted quad for IPv4 and v4-mapped IPv6, RFC 5952 for IPv6. */
public final class IpText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private IpText() { }

  public static String format(byte[] address) {
    return format(address, 0, address.length);
  }

  public static String format(byte[] b, int offset, int length) {
    if (length == 4) {
      return (b[offset] & 0xff) + "." + (b[offset + 1] & 0xff) + "." + (b[offset + 2] & 0xff)
          + "." + (b[offset + 3] & 0xff);
    }
    if (length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + length);
    }
    if (isV4Mapped(b, offset)) {
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

  private static boolean isV4Mapped(byte[] b, int offset) {
    for (int i = 0; i < 10; i++) {
      if (b[offset + i] != 0) {
        return false;
      }
    }
    return b[offset + 10] == (byte) 0xff && b[offset + 11] == (byte) 0xff;
  }
}
