package io.netmapper.sniffer.capture;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Joins the server-to-client byte stream of DNS-over-TCP connections so that a response split over
 * several segments (for example a 2-byte length written apart from the message) is parsed whole.
 * Segments are taken in sequence order only: a segment seen twice (the same packet captured on two
 * interfaces) is ignored, a gap drops the flow's pending bytes. Flows and bytes are bounded.
 */
final class TcpDnsReassembler {
  static final int MAX_FLOWS = 4096;
  static final int MAX_PENDING = 65537;

  /** Receives each complete DNS message: buffer, offset, length. */
  interface MessageSink {
    void message(byte[] buf, int off, int len);
  }

  private record FlowKey(long a, long b, long c, long d, int ports) {}

  private static final class Flow {
    long nextSeq = -1;
    byte[] pending = new byte[0];
    int length;
  }

  private final Map<FlowKey, Flow> flows =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FlowKey, Flow> eldest) {
          return size() > MAX_FLOWS;
        }
      };

  private static FlowKey key(byte[] p, int src, int dst, int addrLen, int sport, int dport) {
    long a = 0;
    long b = 0;
    long c = 0;
    long d = 0;
    for (int i = 0; i < addrLen; i++) {
      if (i < 8) {
        a = a << 8 | (p[src + i] & 0xff);
        c = c << 8 | (p[dst + i] & 0xff);
      } else {
        b = b << 8 | (p[src + i] & 0xff);
        d = d << 8 | (p[dst + i] & 0xff);
      }
    }
    return new FlowKey(a, b, c, d, sport << 16 | dport);
  }

  /**
   * Takes one segment sent by the DNS server ({@code flags}: TCP flags); skips are reported by
   * reason.
   */
  void segment(
      byte[] p,
      int src,
      int dst,
      int addrLen,
      int sport,
      int dport,
      long seq,
      int flags,
      int payloadOff,
      int payloadLen,
      MessageSink sink,
      java.util.function.Consumer<String> skipped) {
    FlowKey k = key(p, src, dst, addrLen, sport, dport);
    boolean syn = (flags & 0x02) != 0;
    boolean finOrRst = (flags & 0x05) != 0;
    if (syn) {
      Flow f = new Flow();
      f.nextSeq = (seq + 1) & 0xffffffffL;
      flows.put(k, f);
      return;
    }
    Flow f = flows.get(k);
    if (payloadLen > 0) {
      if (f == null) {
        f = new Flow(); // joined mid-connection: assume a message starts here
        f.nextSeq = seq;
        flows.put(k, f);
      }
      long delta = (seq - f.nextSeq) << 32 >> 32; // signed distance modulo 2^32
      if (delta < 0) {
        long overlap = -delta;
        if (overlap >= payloadLen) {
          if (finOrRst) {
            flows.remove(k);
          }
          return; // already seen (second capture or retransmission)
        }
        payloadOff += (int) overlap;
        payloadLen -= (int) overlap;
      } else if (delta > 0) {
        skipped.accept("tcp_dns_gap");
        f.length = 0;
      }
      append(f, p, payloadOff, payloadLen);
      f.nextSeq = (seq + (delta < 0 ? -delta : 0) + payloadLen) & 0xffffffffL;
      drain(f, sink, skipped);
    }
    if (finOrRst && f != null) {
      if (f.length > 0) {
        skipped.accept("tcp_dns_incomplete");
      }
      flows.remove(k);
    }
  }

  private static void append(Flow f, byte[] p, int off, int len) {
    if (f.length + len > MAX_PENDING) {
      f.length = 0; // cannot be a DNS message any more; start over
    }
    if (f.pending.length < f.length + len) {
      f.pending =
          Arrays.copyOf(
              f.pending,
              Math.max(f.length + len, Math.min(MAX_PENDING, f.pending.length * 2 + 64)));
    }
    System.arraycopy(p, off, f.pending, f.length, len);
    f.length += len;
  }

  private static void drain(Flow f, MessageSink sink, java.util.function.Consumer<String> skipped) {
    int pos = 0;
    while (f.length - pos >= 2) {
      int len = ((f.pending[pos] & 0xff) << 8) | (f.pending[pos + 1] & 0xff);
      if (f.length - pos - 2 < len) {
        break;
      }
      sink.message(f.pending, pos + 2, len);
      pos += 2 + len;
    }
    if (pos > 0) {
      System.arraycopy(f.pending, pos, f.pending, 0, f.length - pos);
      f.length -= pos;
    }
  }

  int flowCount() {
    return flows.size();
  }
}
