package io.netmapper.sniffer.hostnet;

/**
 * The addresses and ports of a captured TCP SYN or UDP DNS query, decoded from one frame. Only the
 * few frames the node-address filter lets through come here, so plain bounds-checked reads are
 * enough; a frame that does not decode yields null (counted by the caller).
 */
record PacketTuple(int protocol, byte[] src, int srcPort, byte[] dst, int dstPort) {
  static final int DLT_EN10MB = 1;
  static final int DLT_RAW = 12;
  static final int DLT_RAW_101 = 101;
  static final int DLT_LINUX_SLL = 113;
  static final int DLT_LINUX_SLL2 = 276;

  static PacketTuple decode(int dlt, byte[] p, int len) {
    len = Math.min(len, p.length);
    int off;
    int etherType;
    switch (dlt) {
      case DLT_EN10MB -> {
        off = 14;
        etherType = len >= 14 ? u16(p, 12) : -1;
      }
      case DLT_LINUX_SLL -> {
        off = 16;
        etherType = len >= 16 ? u16(p, 14) : -1;
      }
      case DLT_LINUX_SLL2 -> {
        off = 20;
        etherType = len >= 20 ? u16(p, 0) : -1;
      }
      case DLT_RAW, DLT_RAW_101 -> {
        off = 0;
        int v = len >= 1 ? (p[0] & 0xf0) >> 4 : 0;
        etherType = v == 4 ? 0x0800 : v == 6 ? 0x86dd : -1;
      }
      default -> {
        return null;
      }
    }
    int l4;
    int proto;
    int addrLen;
    int src;
    int dst;
    if (etherType == 0x0800 && len >= off + 20) {
      l4 = off + (p[off] & 0x0f) * 4;
      proto = p[off + 9] & 0xff;
      addrLen = 4;
      src = off + 12;
      dst = off + 16;
    } else if (etherType == 0x86dd && len >= off + 40) {
      l4 = off + 40;
      proto = p[off + 6] & 0xff;
      addrLen = 16;
      src = off + 8;
      dst = off + 24;
    } else {
      return null;
    }
    if ((proto != SockDiagCodec.TCP && proto != SockDiagCodec.UDP)
        || len < l4 + 4
        || l4 < off + 20) {
      return null;
    }
    return new PacketTuple(
        proto,
        java.util.Arrays.copyOfRange(p, src, src + addrLen),
        u16(p, l4),
        java.util.Arrays.copyOfRange(p, dst, dst + addrLen),
        u16(p, l4 + 2));
  }

  private static int u16(byte[] p, int i) {
    return ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
  }
}
