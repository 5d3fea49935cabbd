package io.netmapper.sniffer.capture;

import io.netmapper.common.net.IpAddresses;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reuses the String of a name or an address, and the list of a CNAME chain or an address set, seen
 * recently, so the capture path does not allocate, hash and compare fresh objects for every packet:
 * the same few thousand names and answers repeat all day. Reused lists also make the aggregator's
 * key comparisons identity checks.
 *
 * <p>Each kind has {@value #SLOTS} entries in two-way sets: a value goes to the first way of its
 * set and pushes the previous one to the second, so two values whose hashes collide (frequent in a
 * direct-mapped table more than half full) do not evict each other on every packet. With 4,096
 * entries the DNS bench's ~2,500 names and ~3,500 addresses no longer fit and a packet costs ~25 %
 * more. Memory stays bounded: ~3.3 MiB with every slot of every kind used (measured with 40-byte
 * names); a node that sees a few hundred names holds a few hundred. One instance per capture
 * thread, not thread-safe.
 */
final class TextCache {
  static final int SLOTS = 8192;
  private static final int SETS = SLOTS / 2;

  private final String[] names = new String[SLOTS];

  /** The bytes of each cached name, compared with a vectorized {@link Arrays#equals} on lookup. */
  private final byte[][] nameKeys = new byte[SLOTS][];

  /**
   * The hash of each cached name, ipv6 address and list, compared first: a miss then reads one int
   * from a small array instead of two cached values scattered over the heap (with every answer new,
   * those reads were most of the lookup's cost).
   */
  private final int[] nameHashes = new int[SLOTS];

  private final int[] ipv6Hashes = new int[SLOTS];
  private final int[] listHashes = new int[SLOTS];

  private final String[] ipv4 = new String[SLOTS];
  private final int[] ipv4Keys = new int[SLOTS];
  private final String[] ipv6 = new String[SLOTS];
  private final byte[][] ipv6Keys = new byte[SLOTS][];
  private final List<?>[] lists = new List<?>[SLOTS];

  /** First slot of the set of hash {@code h}; the second is the next one. */
  private static int set(int h) {
    return ((h ^ (h >>> 16)) & (SETS - 1)) << 1;
  }

  /** Moves the first way of the set at {@code s} to the second, freeing the first. */
  private static <T> void demote(T[] values, int s) {
    values[s + 1] = values[s];
  }

  /**
   * The String of the ASCII bytes {@code text[0..n)}, cached; {@code h} is any hash of those bytes.
   */
  String name(byte[] text, int n, int h) {
    int s = set(h);
    for (int way = s; way < s + 2; way++) {
      if (nameHashes[way] != h) {
        continue;
      }
      byte[] key = nameKeys[way];
      if (key != null && Arrays.equals(key, 0, key.length, text, 0, n)) {
        return names[way];
      }
    }
    String fresh = new String(text, 0, n, StandardCharsets.ISO_8859_1);
    demote(names, s);
    demote(nameKeys, s);
    nameHashes[s + 1] = nameHashes[s];
    nameHashes[s] = h;
    names[s] = fresh;
    nameKeys[s] = Arrays.copyOf(text, n);
    return fresh;
  }

  /** Canonical text of the 4 or 16 address bytes at {@code offset}, cached. */
  String address(byte[] b, int offset, int length) {
    if (length != 4) {
      return ipv6(b, offset, length);
    }
    int key =
        ((b[offset] & 0xff) << 24)
            | ((b[offset + 1] & 0xff) << 16)
            | ((b[offset + 2] & 0xff) << 8)
            | (b[offset + 3] & 0xff);
    int s = set(key ^ (key >>> 12) ^ (key >>> 20));
    for (int way = s; way < s + 2; way++) {
      if (ipv4[way] != null && ipv4Keys[way] == key) {
        return ipv4[way];
      }
    }
    String fresh = IpAddresses.format(b, offset, 4);
    demote(ipv4, s);
    ipv4Keys[s + 1] = ipv4Keys[s];
    ipv4[s] = fresh;
    ipv4Keys[s] = key;
    return fresh;
  }

  private String ipv6(byte[] b, int offset, int length) {
    if (length != 16) {
      return IpAddresses.format(b, offset, length); // throws the usual message
    }
    int h = 1;
    for (int i = offset; i < offset + 16; i++) {
      h = 31 * h + b[i];
    }
    int s = set(h);
    for (int way = s; way < s + 2; way++) {
      if (ipv6Hashes[way] != h) {
        continue;
      }
      byte[] key = ipv6Keys[way];
      if (key != null && Arrays.equals(key, 0, 16, b, offset, offset + 16)) {
        return ipv6[way];
      }
    }
    String fresh = IpAddresses.format(b, offset, 16);
    demote(ipv6, s);
    demote(ipv6Keys, s);
    ipv6Hashes[s + 1] = ipv6Hashes[s];
    ipv6Hashes[s] = h;
    ipv6[s] = fresh;
    ipv6Keys[s] = Arrays.copyOfRange(b, offset, offset + 16);
    return fresh;
  }

  /**
   * An immutable list equal to {@code items[0..n)} (no nulls), the same instance as last time if
   * cached.
   */
  List<String> list(String[] items, int n) {
    if (n == 0) {
      return List.of();
    }
    int h = 1; // List.hashCode; Strings cache their own hash
    for (int i = 0; i < n; i++) {
      h = 31 * h + items[i].hashCode();
    }
    int s = set(h);
    for (int way = s; way < s + 2; way++) {
      if (listHashes[way] != h) {
        continue;
      }
      @SuppressWarnings("unchecked")
      List<String> cached = (List<String>) lists[way];
      if (cached != null && same(cached, items, n)) {
        return cached;
      }
    }
    List<String> fresh = n == 1 ? List.of(items[0]) : List.of(Arrays.copyOf(items, n));
    demote(lists, s);
    listHashes[s + 1] = listHashes[s];
    listHashes[s] = h;
    lists[s] = fresh;
    return fresh;
  }

  private static boolean same(List<String> list, String[] items, int n) {
    if (list.size() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!list.get(i).equals(items[i])) {
        return false;
      }
    }
    return true;
  }
}
