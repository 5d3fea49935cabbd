package io.netmapper.sniffer.procfs;

import io.netmapper.common.net.IpAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Parses the text of {@code /proc/<pid>/net/tcp{,6}}. Addresses are hex: IPv4 one 32-bit word, IPv6
 * four, each in host (little-endian) byte order; ports big-endian hex. A line that does not parse
 * is counted and skipped.
 */
final class NetTcpParser {
  private NetTcpParser() {}

  /**
   * Parses a table read from {@code in} through the caller's reusable {@code buffer}: no copy of
   * the whole table is made, and a line whose state is neither ESTABLISHED nor LISTEN is skipped
   * after reading its state field — a namespace with 1,000 short connections/s holds ~60,000
   * TIME_WAIT lines (~9 MB of text). Returns the number of lines that did not parse.
   */
  static int parse(InputStream in, byte[] buffer, Consumer<SocketEntry> out) throws IOException {
    int bad = 0;
    int kept = 0; // bytes of an unfinished line at the start of the buffer
    boolean header = true;
    int n;
    while ((n = in.read(buffer, kept, buffer.length - kept)) > 0 || kept > 0) {
      int end = kept + Math.max(n, 0);
      int line = 0;
      for (int i = 0; i < end; i++) {
        if (buffer[i] == '\n') {
          if (header) {
            header = false;
          } else {
            bad += line(buffer, line, i, out);
          }
          line = i + 1;
        }
      }
      if (n <= 0) { // end of text without a final newline
        if (!header && line < end) {
          bad += line(buffer, line, end, out);
        }
        break;
      }
      kept = end - line;
      if (kept == buffer.length) { // one line longer than the buffer: not a socket table
        bad++;
        kept = 0;
      } else {
        System.arraycopy(buffer, line, buffer, 0, kept);
      }
    }
    return bad;
  }

  /** Parses the line {@code b[from, to)} when its state is wanted; returns 1 when it is bad. */
  private static int line(byte[] b, int from, int to, Consumer<SocketEntry> out) {
    int state = state(b, from, to);
    if (state < 0) {
      return isBlank(b, from, to) ? 0 : 1;
    }
    if (state != SocketEntry.ESTABLISHED && state != SocketEntry.LISTEN) {
      return 0;
    }
    SocketEntry e = parseLine(new String(b, from, to - from, StandardCharsets.US_ASCII).trim());
    if (e == null) {
      return 1;
    }
    out.accept(e);
    return 0;
  }

  /** The fourth field (st) as two hex digits; -1 when the line has another shape. */
  private static int state(byte[] b, int from, int to) {
    int i = from;
    for (int field = 0; field < 3; field++) {
      while (i < to && b[i] == ' ') {
        i++;
      }
      while (i < to && b[i] != ' ') {
        i++;
      }
    }
    while (i < to && b[i] == ' ') {
      i++;
    }
    if (i + 2 > to || (i + 2 < to && b[i + 2] != ' ')) {
      return -1;
    }
    int hi = Character.digit(b[i], 16);
    int lo = Character.digit(b[i + 1], 16);
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  static SocketEntry parseLine(String line) {
    // fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    int[] starts = new int[10];
    int[] ends = new int[10];
    int field = 0;
    int i = 0;
    int n = line.length();
    while (field < 10) {
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        return null;
      }
      starts[field] = i;
      while (i < n && line.charAt(i) != ' ') {
        i++;
      }
      ends[field++] = i;
    }
    try {
      int lc = line.indexOf(':', starts[1]);
      int rc = line.indexOf(':', starts[2]);
      if (lc < 0 || lc >= ends[1] || rc < 0 || rc >= ends[2]) {
        return null;
      }
      String localIp = address(line.substring(starts[1], lc));
      String remoteIp = address(line.substring(starts[2], rc));
      if (localIp == null || remoteIp == null) {
        return null;
      }
      int localPort = Integer.parseInt(line, lc + 1, ends[1], 16);
      int remotePort = Integer.parseInt(line, rc + 1, ends[2], 16);
      int state = Integer.parseInt(line, starts[3], ends[3], 16);
      long inode = Long.parseLong(line, starts[9], ends[9], 10);
      if (localPort > 65535 || remotePort > 65535) {
        return null;
      }
      return new SocketEntry(localIp, localPort, remoteIp, remotePort, state, inode);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Hex address of 8 (IPv4) or 32 (IPv6) digits, in words of host byte order. */
  static String address(String hex) {
    if (hex.length() != 8 && hex.length() != 32) {
      return null;
    }
    byte[] b = new byte[hex.length() / 2];
    for (int w = 0; w < b.length / 4; w++) {
      long word = Long.parseLong(hex, w * 8, w * 8 + 8, 16);
      // the word was printed from little-endian memory: its lowest byte is the first address byte
      b[w * 4] = (byte) word;
      b[w * 4 + 1] = (byte) (word >> 8);
      b[w * 4 + 2] = (byte) (word >> 16);
      b[w * 4 + 3] = (byte) (word >> 24);
    }
    return IpAddresses.format(b);
  }
}
