package io.netmapper.sniffer.capture;

/**
 * Fast path for the common shape of a DNS response: names made of letters, digits, '-' and '_',
 * compression pointers that point strictly backwards. It reads the question and the answer records
 * straight from the packet bytes; names, addresses and the chain and address lists come from a
 * {@link TextCache}, the per-record scratch arrays are reused, and an owner name that only points
 * at a name decoded earlier in the message is not decoded again, so a response that repeats one
 * seen recently allocates nothing but its result. For anything else it returns {@code null} and
 * {@link DnsAnswerParser} uses dnsjava, which stays the reference parser; a differential fuzz test
 * checks that both agree. One instance per capture thread.
 */
final class FastDnsWalker {
  private static final int MAX_NAME = 255;
  private static final int MAX_POINTERS = 32;
  private static final int TYPE_A = 1;
  private static final int TYPE_CNAME = 5;
  private static final int TYPE_AAAA = 28;

  /** Answers with more records than this (rare) get arrays of their own, so scratch stays small. */
  private static final int SCRATCH = 32;

  private static final int MEMO = 8;

  /**
   * Lowercase form of each byte allowed in a fast-path label (LDH and '_'); 0 for every other byte.
   */
  private static final byte[] LOWER = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        LOWER[c] = (byte) c;
      } else if (c >= 'A' && c <= 'Z') {
        LOWER[c] = (byte) (c + 'a' - 'A');
      }
    }
  }

  private final byte[] text = new byte[MAX_NAME + 1];
  private final TextCache cache;
  private final String[] scratchOwners = new String[SCRATCH];
  private final int[] scratchTypes = new int[SCRATCH];
  private final String[] scratchData = new String[SCRATCH]; // CNAME target or address text
  private final long[] scratchTtls = new long[SCRATCH];
  private final String[] scratchChain = new String[SCRATCH];
  private final String[] scratchIps = new String[SCRATCH];
  private int next; // position after the name just read

  /**
   * Names decoded so far in the current message (up to {@link #MEMO}), by the offset they start at:
   * answer owners are mostly a pointer to the question or to a CNAME target, and need not be
   * decoded again.
   */
  private final int[] memoStart = new int[MEMO];

  private final int[] memoLastByte = new int[MEMO];
  private final int[] memoPointers = new int[MEMO];
  private final String[] memoName = new String[MEMO];
  private int memoCount;

  FastDnsWalker(TextCache cache) {
    this.cache = cache;
  }

  /**
   * Result of a well-formed message, or null to defer to dnsjava. Header checks are done by the
   * caller.
   */
  DnsAnswerParser.Result walk(byte[] b, int off, int len, int ancount) {
    int end = off + len;
    int id = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    memoCount = 0;
    String query = name(b, off, end, off + 12);
    if (query == null || next + 4 > end) {
      return null;
    }
    int pos = next + 4;
    boolean small = ancount <= SCRATCH;
    String[] owners = small ? scratchOwners : new String[ancount];
    int[] types = small ? scratchTypes : new int[ancount];
    String[] data = small ? scratchData : new String[ancount];
    long[] ttls = small ? scratchTtls : new long[ancount];
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
      data[i] = null; // scratch: clear what an earlier message left
      if (types[i] == TYPE_CNAME) {
        String target = name(b, off, rdata + rdlength, rdata);
        if (target == null || next != rdata + rdlength) {
          return null;
        }
        data[i] = target;
      } else if ((types[i] == TYPE_A && rdlength == 4)
          || (types[i] == TYPE_AAAA && rdlength == 16)) {
        data[i] = cache.address(b, rdata, rdlength);
      }
      pos = rdata + rdlength;
    }
    return fold(id, query, ancount, owners, types, data, ttls);
  }

  private DnsAnswerParser.Result fold(
      int id, String query, int count, String[] owners, int[] types, String[] data, long[] ttls) {
    boolean small = count <= SCRATCH;
    String[] chain = small ? scratchChain : new String[count];
    String[] ips = small ? scratchIps : new String[count];
    String current = query;
    int chainLength = 0;
    // each CNAME target can join the chain once, so loops in hostile answers end
    for (int hops = 0; hops < count; hops++) {
      String target = null;
      for (int i = 0; i < count; i++) {
        if (types[i] == TYPE_CNAME && owners[i].equals(current)) {
          target = data[i];
          break;
        }
      }
      if (target == null || contains(chain, chainLength, target)) {
        break;
      }
      chain[chainLength++] = target;
      current = target;
    }
    int ipCount = 0;
    long ttl = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      String ip = data[i];
      if (types[i] != TYPE_CNAME && ip != null && owners[i].equals(current)) {
        if (!contains(ips, ipCount, ip)) {
          ips[ipCount++] = ip;
        }
        ttl = Math.min(ttl, ttls[i]);
      }
    }
    if (ipCount == 0) {
      return DnsAnswerParser.NO_ADDRESS;
    }
    return new DnsAnswerParser.Result(
        DnsAnswerParser.Status.ANSWER,
        null,
        id,
        query,
        cache.list(chain, chainLength),
        cache.list(ips, ipCount),
        ttl);
  }

  private static boolean contains(String[] items, int n, String s) {
    for (int i = 0; i < n; i++) {
      if (items[i].equals(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the name at {@code pos} (message starts at {@code base}, ends before {@code end}) into a
   * lowercase dotted string without the final dot; sets {@link #next}. Null when unusual.
   */
  private String name(byte[] b, int base, int end, int pos) {
    String known = pointerToKnownName(b, base, end, pos);
    if (known != null) {
      next = pos + 2;
      return known;
    }
    int start = pos;
    int lastByte =
        pos; // the furthest byte read: a later reference may reuse this name only within its own
    // end
    int n = 0;
    int hash = 0; // built as the name is decoded, so the cache needs no second pass
    int wire = 1;
    int pointers = 0;
    int after = -1;
    int limit = pos; // a pointer must point before the place it was read from
    while (true) {
      if (pos >= end) {
        return null;
      }
      int len = b[pos] & 0xff;
      lastByte = Math.max(lastByte, (len & 0xc0) == 0xc0 ? pos + 1 : pos + len);
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
        text[n++] = '.';
        hash = 31 * hash + '.';
      }
      for (int i = pos + 1; i <= pos + len; i++) {
        byte c = LOWER[b[i] & 0xff];
        if (c == 0) {
          return null; // escapes and odd bytes: dnsjava decides
        }
        text[n++] = c;
        hash = 31 * hash + c;
      }
      pos += len + 1;
    }
    next = after;
    if (n == 0) {
      return null;
    }
    String name = cache.name(text, n, hash);
    if (memoCount < MEMO && (b[start] & 0xc0) != 0xc0) {
      memoStart[memoCount] = start;
      memoLastByte[memoCount] = lastByte;
      memoPointers[memoCount] = pointers;
      memoName[memoCount++] = name;
    }
    return name;
  }

  /**
   * The name already decoded in this message at the target of the compression pointer at {@code
   * pos}, when the name there is only that pointer (the usual owner of an answer record), or null.
   * It is what decoding would give: the same bytes from the target on, every byte read before
   * {@code end}, the same pointer rules (the target lies before {@code pos}, one more pointer still
   * within the limit).
   */
  private String pointerToKnownName(byte[] b, int base, int end, int pos) {
    if (pos + 1 >= end || (b[pos] & 0xc0) != 0xc0) {
      return null;
    }
    int target = base + (((b[pos] & 0x3f) << 8) | (b[pos + 1] & 0xff));
    for (int m = 0; m < memoCount; m++) {
      if (memoStart[m] == target
          && target < pos
          && memoLastByte[m] < end
          && memoPointers[m] < MAX_POINTERS) {
        return memoName[m];
      }
    }
    return null;
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }
}
