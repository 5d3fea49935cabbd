package io.netmapper.sniffer.procfs;

import io.netmapper.common.net.IpAddresses;
import java.util.function.Consumer;

/**
 * Parses the text of {@code /proc/<pid>/net/tcp{,6}}. Addresses are hex: IPv4 one 32-bit word,
 * IPv6 four, each in host (little-endian) byte order; ports big-endian hex. A line that does not
 * parse is counted and skipped.
 */
final class NetTcpParser {
  private NetTcpParser() { }

  /** Parses every data line; returns the number of lines that did not parse. */
  static int parse(String text, Consumer<SocketEntry> out) {
    int bad = 0;
    int pos = text.indexOf('\n'); // skip the header line
    while (pos >= 0 && pos < text.length()) {
      int next = text.indexOf('\n', pos + 1);
      int end = next < 0 ? text.length() : next;
      String line = text.substring(pos + 1, end).trim();
      pos = next;
      if (line.isEmpty()) {
        continue;
      }
      SocketEntry e = parseLine(line);
      if (e == null) {
        bad++;
      } else {
        out.accept(e);
      }
    }
    return bad;
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
