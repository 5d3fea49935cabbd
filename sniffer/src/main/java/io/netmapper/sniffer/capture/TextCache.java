package io.netmapper.sniffer.capture;

import io.netmapper.common.net.IpAddresses;

/**
 * Reuses the String of a name or an IPv4 address seen recently, so the capture path does not
 * allocate, hash and compare a fresh String for every packet: the same few thousand names and
 * addresses repeat all day. Direct-mapped (a collision replaces the slot); one per capture thread.
 */
final class TextCache {
  private static final int SLOTS = 4096;

  private final String[] names = new String[SLOTS];
  private final String[] ipv4 = new String[SLOTS];
  private final int[] ipv4Keys = new int[SLOTS];

  /** The String of {@code chars[0..n)}, cached; {@code h} is its String.hashCode. */
  String name(char[] chars, int n, int h) {
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String cached = names[slot];
    if (cached != null && cached.length() == n && cached.hashCode() == h && same(cached, chars, n)) {
      return cached;
    }
    String fresh = new String(chars, 0, n);
    names[slot] = fresh;
    return fresh;
  }

  private static boolean same(String s, char[] chars, int n) {
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) != chars[i]) {
        return false;
      }
    }
    return true;
  }

  /** Canonical text of the 4 or 16 address bytes at {@code offset}; IPv4 cached. */
  String address(byte[] b, int offset, int length) {
    if (length != 4) {
      return IpAddresses.format(b, offset, length);
    }
    int key = ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16) | ((b[offset + 2] & 0xff) << 8) | (b[offset + 3] & 0xff);
    int slot = (key ^ (key >>> 12) ^ (key >>> 20)) & (SLOTS - 1);
    String cached = ipv4[slot];
    if (cached != null && ipv4Keys[slot] == key) {
      return cached;
    }
    String fresh = IpAddresses.format(b, offset, 4);
    ipv4[slot] = fresh;
    ipv4Keys[slot] = key;
    return fresh;
  }
}
