package io.netmapper.sniffer.procfs;

import io.netmapper.sniffer.capture.IpText;
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
    String[] f = line.split("\\s+");
    if (f.length < 10) {
      return null;
    }
    try {
      int lc = f[1].indexOf(':');
      int rc = f[2].indexOf(':');
      if (lc < 0 || rc < 0) {
        return null;
      }
      String localIp = address(f[1].substring(0, lc));
      String remoteIp = address(f[2].substring(0, rc));
      if (localIp == null || remoteIp == null) {
        return null;
      }
      int localPort = Integer.parseInt(f[1].substring(lc + 1), 16);
      int remotePort = Integer.parseInt(f[2].substring(rc + 1), 16);
      int state = Integer.parseInt(f[3], 16);
      long inode = Long.parseLong(f[9]);
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
      long word = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
      // the word was printed from little-endian memory: its lowest byte is the first address byte
      b[w * 4] = (byte) word;
      b[w * 4 + 1] = (byte) (word >> 8);
      b[w * 4 + 2] = (byte) (word >> 16);
      b[w * 4 + 3] = (byte) (word >> 24);
    }
    return IpText.format(b);
  }
}
