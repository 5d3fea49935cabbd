package io.netmapper.sniffer.capture;

import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.collect.Observations;

/**
 * Decodes captured frames (Ethernet, Linux cooked v1/v2, raw IP, BSD loopback) down to UDP/TCP and
 * hands DNS responses (source port 53) and TCP SYNs (SYN without ACK) on. Works on the raw bytes
 * with bounds checks: nothing a packet contains can make it read out of range or throw.
 */
final class PacketDecoder {
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int DNS_PORT = 53;
  private static final int MAX_EXTENSION_HEADERS = 8;

  private final LinkType link;
  private final TextCache text = new TextCache();
  private final DnsAnswerParser dns = new DnsAnswerParser(text);
  private final TcpDnsReassembler tcpDns = new TcpDnsReassembler();
  private final Observations out;
  private final CaptureCounters counters;

  PacketDecoder(int dlt, Observations out, CaptureCounters counters) {
    this.link = LinkType.of(dlt);
    this.out = out;
    this.counters = counters;
  }

  boolean supportsLinkType() {
    return link != LinkType.UNSUPPORTED;
  }

  /** Decodes {@code caplen} captured bytes of one frame seen at {@code timeNanos}. */
  void decode(byte[] p, int caplen, long timeNanos) {
    counters.packet();
    caplen = Math.min(caplen, p.length);
    int off;
    int etherType;
    switch (link) {
      case ETHERNET -> {
        if (caplen < 14) {
          counters.malformed("truncated");
          return;
        }
        off = 14;
        etherType = u16(p, 12);
        for (int tags = 0; (etherType == 0x8100 || etherType == 0x88a8) && tags < 2; tags++) {
          if (caplen < off + 4) {
            counters.malformed("truncated");
            return;
          }
          etherType = u16(p, off + 2);
          off += 4;
        }
      }
      case LINUX_SLL -> {
        if (caplen < 16) {
          counters.malformed("truncated");
          return;
        }
        off = 16;
        etherType = u16(p, 14);
      }
      case LINUX_SLL2 -> {
        if (caplen < 20) {
          counters.malformed("truncated");
          return;
        }
        off = 20;
        etherType = u16(p, 0);
      }
      case RAW, RAW_101 -> {
        if (caplen < 1) {
          counters.malformed("truncated");
          return;
        }
        off = 0;
        int version = (p[0] & 0xf0) >> 4;
        etherType = version == 4 ? 0x0800 : version == 6 ? 0x86dd : -1;
      }
      case NULL -> {
        if (caplen < 4) {
          counters.malformed("truncated");
          return;
        }
        off = 4;
        int family = (p[0] & 0xff) | (p[1] & 0xff) << 8 | (p[2] & 0xff) << 16 | (p[3] & 0xff) << 24;
        etherType =
            family == 2
                ? 0x0800
                : (family == 10 || family == 24 || family == 28 || family == 30) ? 0x86dd : -1;
      }
      default -> {
        counters.skipped("unsupported_link_type");
        return;
      }
    }
    if (etherType == 0x0800) {
      ipv4(p, off, caplen, timeNanos);
    } else if (etherType == 0x86dd) {
      ipv6(p, off, caplen, timeNanos);
    } else {
      counters.skipped("not_ip");
    }
  }

  private void ipv4(byte[] p, int off, int caplen, long t) {
    if (caplen < off + 20) {
      counters.malformed("truncated");
      return;
    }
    int vihl = p[off] & 0xff;
    int ihl = (vihl & 0x0f) * 4;
    int total = u16(p, off + 2);
    if ((vihl >> 4) != 4 || ihl < 20 || total < ihl) {
      counters.malformed("bad_ip_header");
      return;
    }
    int frag = u16(p, off + 6);
    boolean moreFragments = (frag & 0x2000) != 0;
    if ((frag & 0x1fff) != 0) {
      counters.skipped("fragment");
      return;
    }
    int end = Math.min(off + total, caplen);
    if (off + ihl > end) {
      counters.malformed("truncated");
      return;
    }
    transport(
        p,
        p[off + 9] & 0xff,
        off + ihl,
        end,
        off + total > caplen || moreFragments,
        off + 12,
        off + 16,
        4,
        t);
  }

  private void ipv6(byte[] p, int off, int caplen, long t) {
    if (caplen < off + 40) {
      counters.malformed("truncated");
      return;
    }
    if (((p[off] & 0xf0) >> 4) != 6) {
      counters.malformed("bad_ip_header");
      return;
    }
    int payload = u16(p, off + 4);
    int next = p[off + 6] & 0xff;
    int pos = off + 40;
    int end = Math.min(pos + payload, caplen);
    boolean incomplete = pos + payload > caplen;
    for (int i = 0; ; i++) {
      if (next == TCP || next == UDP) {
        break;
      }
      if (i >= MAX_EXTENSION_HEADERS) {
        counters.skipped("too_many_extension_headers");
        return;
      }
      if (pos + 8 > end) {
        counters.malformed("truncated");
        return;
      }
      switch (next) {
        case 0, 43, 60 -> {
          int len = ((p[pos + 1] & 0xff) + 1) * 8;
          next = p[pos] & 0xff;
          pos += len;
        }
        case 44 -> {
          int fo = u16(p, pos + 2);
          if ((fo >> 3) != 0) {
            counters.skipped("fragment");
            return;
          }
          incomplete |= (fo & 1) != 0;
          next = p[pos] & 0xff;
          pos += 8;
        }
        case 51 -> {
          int len = ((p[pos + 1] & 0xff) + 2) * 4;
          next = p[pos] & 0xff;
          pos += len;
        }
        default -> {
          counters.skipped("other_protocol");
          return;
        }
      }
    }
    if (pos > end) {
      counters.malformed("truncated");
      return;
    }
    transport(p, next, pos, end, incomplete, off + 8, off + 24, 16, t);
  }

  private void transport(
      byte[] p,
      int proto,
      int l4,
      int end,
      boolean incomplete,
      int src,
      int dst,
      int addrLen,
      long t) {
    if (proto == UDP) {
      if (l4 + 8 > end) {
        counters.malformed("truncated");
        return;
      }
      int sport = u16(p, l4);
      int dport = u16(p, l4 + 2);
      int udpLen = u16(p, l4 + 4);
      if (udpLen < 8) {
        counters.malformed("bad_udp_header");
        return;
      }
      if (sport != DNS_PORT) {
        counters.skipped("other_port");
        return;
      }
      if (l4 + udpLen > end || incomplete) {
        counters.malformed("truncated");
        return;
      }
      dns(p, l4 + 8, udpLen - 8, p, dst, addrLen, dport, t);
    } else if (proto == TCP) {
      if (l4 + 20 > end) {
        counters.malformed("truncated");
        return;
      }
      int sport = u16(p, l4);
      int dport = u16(p, l4 + 2);
      int dataOff = ((p[l4 + 12] & 0xf0) >> 4) * 4;
      int flags = p[l4 + 13] & 0xff;
      if (dataOff < 20 || l4 + dataOff > end) {
        counters.malformed("bad_tcp_header");
        return;
      }
      if ((flags & 0x02) != 0 && (flags & 0x10) == 0) {
        long seq = u32(p, l4 + 4);
        counters.syn();
        out.connection(
            new ConnectionSeen(
                ConnectionSeen.Source.SYN,
                text.address(p, src, addrLen),
                sport,
                text.address(p, dst, addrLen),
                dport,
                Attribution.NONE,
                seq,
                t));
        return;
      }
      if (sport == DNS_PORT) {
        long seq = u32(p, l4 + 4);
        tcpDns.segment(
            p,
            src,
            dst,
            addrLen,
            sport,
            dport,
            seq,
            flags,
            l4 + dataOff,
            end - (l4 + dataOff),
            (buf, o, len) -> dns(buf, o, len, p, dst, addrLen, dport, t),
            counters::skipped);
      } else {
        counters.skipped("other_port");
      }
    } else {
      counters.skipped("other_protocol");
    }
  }

  private void dns(
      byte[] buf, int off, int len, byte[] p, int dst, int addrLen, int dport, long t) {
    DnsAnswerParser.Result r = dns.parse(buf, off, len);
    switch (r.status()) {
      case ANSWER -> {
        counters.dnsAnswer();
        out.dnsAnswer(
            new DnsAnswer(
                text.address(p, dst, addrLen),
                dport,
                r.messageId(),
                r.queryName(),
                r.cnameChain(),
                r.ips(),
                r.ttlSeconds(),
                t));
      }
      case IGNORED -> counters.dnsIgnored(r.reason());
      case MALFORMED -> counters.malformed(r.reason());
      default -> throw new IllegalStateException(r.status().name());
    }
  }

  private static int u16(byte[] p, int i) {
    return ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
  }

  private static long u32(byte[] p, int i) {
    return ((long) u16(p, i) << 16) | u16(p, i + 2);
  }
}
