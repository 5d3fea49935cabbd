package io.netmapper.sniffer.capture;

import io.netmapper.common.net.IpAddresses;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast path for the common shape of a DNS response: names made of letters, digits, '-' and '_',
 * compression pointers that point strictly backwards. It reads the question and the answer records
 * straight from the packet bytes and builds lowercase strings without intermediate objects. For
 * anything else it returns {@code null} and {@link DnsAnswerParser} uses dnsjava, which stays the
 * reference parser; a differential fuzz test checks that both agree.
 */
final class FastDnsWalker {
  private static final int MAX_NAME = 255;
  private static final int MAX_POINTERS = 32;
  private static final int TYPE_A = 1;
  private static final int TYPE_CNAME = 5;
  private static final int TYPE_AAAA = 28;

  private final char[] chars = new char[MAX_NAME + 1];
  private final TextCache text = new TextCache();
  private int next; // position after the name just read

  /** Result of a well-formed message, or null to defer to dnsjava. Header checks are done by the caller. */
  DnsAnswerParser.Result walk(byte[] b, int off, int len, int ancount) {
    int end = off + len;
    int id = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    String query = name(b, off, end, off + 12);
    if (query == null || next + 4 > end) {
      return null;
    }
    int pos = next + 4;
    String[] owners = new String[ancount];
    int[] types = new int[ancount];
    Object[] data = new Object[ancount];
    long[] ttls = new long[ancount];
    for (int i = 0; i < ancount; i++) {
      owners[i] = name(b, off, end, pos);
      if (owners[i] == null || next + 10 > end) {
        return null;
      }
      pos = next;
      types[i] = u16(b, pos);
      ttls[i] = ((long) u16(b, pos + 4) << 16) | u16(b, pos + 6);
      int rdlength = u16(b, pos + 8);
      int rdata = pos + 10;
      if (rdata + rdlength > end) {
        return null;
      }
      if (types[i] == TYPE_CNAME) {
        String target = name(b, off, rdata + rdlength, rdata);
        if (target == null || next != rdata + rdlength) {
          return null;
        }
        data[i] = target;
      } else if (types[i] == TYPE_A && rdlength == 4) {
        data[i] = text.address(b, rdata, 4);
      } else if (types[i] == TYPE_AAAA && rdlength == 16) {
        data[i] = IpAddresses.format(b, rdata, 16);
      }
      pos = rdata + rdlength;
    }
    return fold(id, query, owners, types, data, ttls);
  }

  private static DnsAnswerParser.Result fold(int id, String query, String[] owners, int[] types, Object[] data,
                                             long[] ttls) {
    String current = query;
    List<String> chain = new ArrayList<>(0);
    for (int hops = 0; hops < owners.length; hops++) {
      String target = null;
      for (int i = 0; i < owners.length; i++) {
        if (types[i] == TYPE_CNAME && owners[i].equals(current)) {
          target = (String) data[i];
          break;
        }
      }
      if (target == null || chain.contains(target)) {
        break;
      }
      chain.add(target);
      current = target;
    }
    List<String> ips = new ArrayList<>(owners.length);
    long ttl = Long.MAX_VALUE;
    for (int i = 0; i < owners.length; i++) {
      if (types[i] != TYPE_CNAME && data[i] instanceof String ip && owners[i].equals(current)) {
        if (!ips.contains(ip)) {
          ips.add(ip);
        }
        ttl = Math.min(ttl, ttls[i]);
      }
    }
    if (ips.isEmpty()) {
      return DnsAnswerParser.NO_ADDRESS;
    }
    return new DnsAnswerParser.Result(DnsAnswerParser.Status.ANSWER, null, id, query, List.copyOf(chain),
        List.copyOf(ips), ttl);
  }

  /**
   * Reads the name at {@code pos} (message starts at {@code base}, ends before {@code end}) into a
   * lowercase dotted string without the final dot; sets {@link #next}. Null when unusual.
   */
  private String name(byte[] b, int base, int end, int pos) {
    int n = 0;
    int hash = 0; // String.hashCode of the name, built as it is decoded (the cache needs no second pass)
    int wire = 1;
    int pointers = 0;
    int after = -1;
    int limit = pos; // a pointer must point before the place it was read from
    while (true) {
      if (pos >= end) {
        return null;
      }
      int len = b[pos] & 0xff;
      if (len == 0) {
        if (after < 0) {
          after = pos + 1;
        }
        break;
      }
      if ((len & 0xc0) == 0xc0) {
        if (pos + 1 >= end || ++pointers > MAX_POINTERS) {
          return null;
        }
        int target = base + (((len & 0x3f) << 8) | (b[pos + 1] & 0xff));
        if (after < 0) {
          after = pos + 2;
        }
        if (target >= limit || target >= pos) {
          return null;
        }
        limit = target;
        pos = target;
        continue;
      }
      if ((len & 0xc0) != 0 || pos + 1 + len > end) {
        return null;
      }
      wire += len + 1;
      if (wire > MAX_NAME) {
        return null;
      }
      if (n > 0) {
        chars[n++] = '.';
        hash = 31 * hash + '.';
      }
      for (int i = pos + 1; i <= pos + len; i++) {
        int c = b[i] & 0xff;
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
          return null; // escapes and odd bytes: dnsjava decides
        }
        chars[n++] = (char) c;
        hash = 31 * hash + c;
      }
      pos += len + 1;
    }
    next = after;
    return n == 0 ? null : text.name(chars, n, hash);
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }
}
