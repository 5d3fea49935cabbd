package io.netmapper.sniffer.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Turns one DNS message into an answer: the question name, the CNAME chain followed from it, and
 * the A/AAAA addresses at its end. Cheap header checks run before dnsjava so that queries,
 * NXDOMAIN and empty responses cost almost nothing. Never throws on bad input.
 */
final class DnsAnswerParser {

  /** Outcome of parsing one message; {@code reason} is set unless {@code status == ANSWER}. */
  record Result(Status status, String reason, int messageId, String queryName, List<String> cnameChain,
                List<String> ips, long ttlSeconds) {
    static Result of(Status status, String reason) {
      return new Result(status, reason, 0, "", List.of(), List.of(), 0);
    }
  }

  enum Status { ANSWER, IGNORED, MALFORMED }

  static final Result NOT_RESPONSE = Result.of(Status.IGNORED, "not_response");
  static final Result NXDOMAIN = Result.of(Status.IGNORED, "nxdomain");
  static final Result ERROR_RCODE = Result.of(Status.IGNORED, "error_rcode");
  static final Result EMPTY = Result.of(Status.IGNORED, "empty");
  static final Result NO_ADDRESS = Result.of(Status.IGNORED, "no_address");
  static final Result TOO_SHORT = Result.of(Status.MALFORMED, "dns_truncated");
  static final Result BAD_QUESTION = Result.of(Status.MALFORMED, "dns_bad_question");
  static final Result MALFORMED = Result.of(Status.MALFORMED, "dns_malformed");

  private static final int HEADER = 12;

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
    Message message;
    try {
      byte[] copy = (off == 0 && len == buf.length) ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
      message = new Message(copy);
    } catch (Exception e) {
      return MALFORMED;
    }
    Record question = message.getQuestion();
    if (question == null) {
      return BAD_QUESTION;
    }
    return fold(message.getHeader().getID(), question.getName(), message.getSection(Section.ANSWER));
  }

  private static Result fold(int id, Name queryName, List<Record> answers) {
    Name current = queryName;
    List<String> chain = List.of();
    // each CNAME can be followed at most once, so loops in hostile answers end
    for (int hops = 0; hops < answers.size(); hops++) {
      Name next = null;
      for (Record r : answers) {
        if (r instanceof CNAMERecord cname && cname.getName().equals(current)) {
          next = cname.getTarget();
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
    List<String> ips = new ArrayList<>(answers.size());
    long ttl = Long.MAX_VALUE;
    for (Record r : answers) {
      if (!r.getName().equals(current)) {
        continue;
      }
      String ip;
      if (r instanceof ARecord a) {
        ip = IpText.format(a.getAddress().getAddress());
      } else if (r instanceof AAAARecord aaaa) {
        ip = IpText.format(aaaa.getAddress().getAddress());
      } else {
        continue;
      }
      if (!ips.contains(ip)) {
        ips.add(ip);
      }
      ttl = Math.min(ttl, r.getTTL());
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
