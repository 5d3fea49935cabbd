package io.netmapper.sniffer.capture;

import io.netmapper.common.net.IpAddresses;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * Turns one DNS message into an answer: the question name, the CNAME chain followed from it, and
 * the A/AAAA addresses at its end. Cheap header checks run before dnsjava so that queries, NXDOMAIN
 * and empty responses cost almost nothing; then dnsjava's wire reader ({@code DNSInput}, {@code
 * Name}) walks the question and answer records without building a whole {@code Message}. Never
 * throws on bad input.
 */
final class DnsAnswerParser {

  /** Outcome of parsing one message; {@code reason} is set unless {@code status == ANSWER}. */
  record Result(
      Status status,
      String reason,
      int messageId,
      String queryName,
      List<String> cnameChain,
      List<String> ips,
      long ttlSeconds) {
    static Result of(Status status, String reason) {
      return new Result(status, reason, 0, "", List.of(), List.of(), 0);
    }
  }

  enum Status {
    ANSWER,
    IGNORED,
    MALFORMED
  }

  static final Result NOT_RESPONSE = Result.of(Status.IGNORED, "not_response");
  static final Result NXDOMAIN = Result.of(Status.IGNORED, "nxdomain");
  static final Result ERROR_RCODE = Result.of(Status.IGNORED, "error_rcode");
  static final Result EMPTY = Result.of(Status.IGNORED, "empty");
  static final Result NO_ADDRESS = Result.of(Status.IGNORED, "no_address");
  static final Result TOO_SHORT = Result.of(Status.MALFORMED, "dns_truncated");
  static final Result BAD_QUESTION = Result.of(Status.MALFORMED, "dns_bad_question");
  static final Result MALFORMED = Result.of(Status.MALFORMED, "dns_malformed");

  private static final int HEADER = 12;

  private final FastDnsWalker fastPath;

  DnsAnswerParser() {
    this(new TextCache());
  }

  /**
   * A parser whose names, addresses and lists come from {@code text} (the capture thread's cache).
   */
  DnsAnswerParser(TextCache text) {
    this.fastPath = new FastDnsWalker(text);
  }

  Result parse(byte[] buf, int off, int len) {
    if (len < HEADER || off < 0 || off + len > buf.length) {
      return TOO_SHORT;
    }
    int flags = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
    if ((flags & 0x8000) == 0) {
      return NOT_RESPONSE;
    }
    int rcode = flags & 0x000f;
    if (rcode == 3) {
      return NXDOMAIN;
    }
    if (rcode != 0) {
      return ERROR_RCODE;
    }
    int qdcount = ((buf[off + 4] & 0xff) << 8) | (buf[off + 5] & 0xff);
    int ancount = ((buf[off + 6] & 0xff) << 8) | (buf[off + 7] & 0xff);
    if (ancount == 0) {
      return EMPTY;
    }
    if (qdcount != 1) {
      return BAD_QUESTION;
    }
    // a record needs at least 11 bytes: a count beyond what fits is hostile, not worth parsing
    if (ancount > (len - HEADER) / 11) {
      return MALFORMED;
    }
    Result fast = fastPath.walk(buf, off, len, ancount);
    if (fast != null) {
      return fast;
    }
    return parseWithDnsjava(buf, off, len, qdcount, ancount);
  }

  /** The reference parse with dnsjava alone (also used by the differential fuzz test). */
  Result parseWithDnsjava(byte[] buf, int off, int len, int qdcount, int ancount) {
    try {
      return walk(ByteBuffer.wrap(buf, off, len).slice(), qdcount, ancount);
    } catch (WireParseException | RuntimeException e) {
      return MALFORMED;
    }
  }

  /**
   * Reads the question and the answer section only, with dnsjava's wire reader and name
   * decompression (which refuses forward and looping compression pointers); authority and
   * additional sections are never touched.
   */
  private static Result walk(ByteBuffer message, int qdcount, int ancount)
      throws WireParseException {
    DNSInput in = new DNSInput(message);
    int id = in.readU16();
    in.jump(HEADER);
    Name queryName = new Name(in);
    in.readU16(); // qtype
    in.readU16(); // qclass
    Name[] owners = new Name[ancount];
    int[] types = new int[ancount];
    Object[] data = new Object[ancount]; // CNAME target (Name) or address bytes
    long[] ttls = new long[ancount];
    for (int i = 0; i < ancount; i++) {
      owners[i] = new Name(in);
      types[i] = in.readU16();
      in.readU16(); // class
      ttls[i] = in.readU32();
      int rdlength = in.readU16();
      int rdata = in.current();
      if (rdlength > in.remaining()) {
        throw new WireParseException("rdata beyond the message");
      }
      if (types[i] == Type.CNAME) {
        in.setActive(rdlength);
        data[i] = new Name(in);
        in.clearActive();
      } else if ((types[i] == Type.A && rdlength == 4)
          || (types[i] == Type.AAAA && rdlength == 16)) {
        data[i] = in.readByteArray(rdlength);
      }
      int end = rdata + rdlength;
      if (in.current() != end) {
        if (end < message.limit()) {
          in.jump(end);
        } else {
          in.readByteArray(end - in.current()); // jump() refuses the very end of the message
        }
      }
    }
    return fold(id, queryName, owners, types, data, ttls);
  }

  private static Result fold(
      int id, Name queryName, Name[] owners, int[] types, Object[] data, long[] ttls) {
    Name current = queryName;
    List<String> chain = List.of();
    // each CNAME can be followed at most once, so loops in hostile answers end
    for (int hops = 0; hops < owners.length; hops++) {
      Name next = null;
      for (int i = 0; i < owners.length; i++) {
        if (types[i] == Type.CNAME && data[i] != null && owners[i].equals(current)) {
          next = (Name) data[i];
          break;
        }
      }
      if (next == null) {
        break;
      }
      if (chain.isEmpty()) {
        chain = new ArrayList<>(2);
      }
      String text = text(next);
      if (chain.contains(text)) {
        break;
      }
      chain.add(text);
      current = next;
    }
    List<String> ips = new ArrayList<>(owners.length);
    long ttl = Long.MAX_VALUE;
    for (int i = 0; i < owners.length; i++) {
      if (types[i] == Type.CNAME
          || !(data[i] instanceof byte[] address)
          || !owners[i].equals(current)) {
        continue;
      }
      String ip = IpAddresses.format(address);
      if (!ips.contains(ip)) {
        ips.add(ip);
      }
      ttl = Math.min(ttl, ttls[i]);
    }
    if (ips.isEmpty()) {
      return NO_ADDRESS;
    }
    return new Result(Status.ANSWER, null, id, text(queryName), chain, ips, ttl);
  }

  private static String text(Name name) {
    return name.toString(true).toLowerCase(Locale.ROOT);
  }
}
