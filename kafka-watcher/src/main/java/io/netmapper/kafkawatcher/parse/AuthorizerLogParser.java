package io.netmapper.kafkawatcher.parse;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads {@code kafka.authorizer.logger} lines of both formats, with any level and any log4j prefix:
 *
 * <pre>
 * [2026-11-26 03:32:54,786] DEBUG Principal = User:ANONYMOUS is Allowed operation = WRITE from host = 127.0.0.1
 *     on resource = Topic:LITERAL:orders for request = Produce with resourceRefCount = 1 based on rule ... (kafka.authorizer.logger)
 * [2019-05-01 10:00:00,000] INFO Principal = User:bob is Denied Operation = Read from host = 10.0.0.7
 *     on resource = Topic:LITERAL:orders for request = Fetch with resourceRefCount = 1 (kafka.authorizer.logger)
 * </pre>
 *
 * A hand-written scanner (no regex, a handful of substrings per line): it anchors on {@code
 * Principal = } and {@code is Allowed}/{@code is Denied}, so the prefix (timestamp format, level,
 * thread, logger placement) does not matter. The time comes from the first {@code yyyy-MM-dd[
 * T]HH:mm:ss[,.]fff} in the prefix, read in the given zone unless it carries an offset. Stateless
 * apart from a one-day cache, so not shared between threads.
 */
public final class AuthorizerLogParser {
  private static final String PRINCIPAL = "Principal = ";
  private static final String ALLOWED = " is Allowed ";
  private static final String DENIED = " is Denied ";
  private static final String HOST = " from host = ";
  private static final String RESOURCE = " on resource = ";
  private static final String REQUEST = " for request = ";

  private final LogTimestamps timestamps;

  /**
   * @param zone zone of timestamps without an offset (brokers usually log in UTC)
   */
  public AuthorizerLogParser(ZoneId zone) {
    this.timestamps = new LogTimestamps(zone);
  }

  public AuthorizerLogParser() {
    this(ZoneOffset.UTC);
  }

  public ParseResult parse(CharSequence text) {
    String line = text.toString();
    int p = line.indexOf(PRINCIPAL);
    if (p < 0) {
      return ParseResult.ignored();
    }
    int principalStart = p + PRINCIPAL.length();
    boolean allowed = true;
    int is = line.indexOf(ALLOWED, principalStart);
    int afterIs;
    if (is < 0) {
      is = line.indexOf(DENIED, principalStart);
      if (is < 0) {
        return malformed("no_decision");
      }
      allowed = false;
      afterIs = is + DENIED.length();
    } else {
      afterIs = is + ALLOWED.length();
    }
    // "operation = " (KRaft) or "Operation = " (AclAuthorizer)
    if (!line.regionMatches(true, afterIs, "operation = ", 0, 12)) {
      return malformed("no_operation");
    }
    int opStart = afterIs + 12;
    int host = line.indexOf(HOST, opStart);
    if (host < 0) {
      return malformed("no_host");
    }
    int hostStart = host + HOST.length();
    int resource = line.indexOf(RESOURCE, hostStart);
    if (resource < 0) {
      return malformed("no_resource");
    }
    int resourceStart = resource + RESOURCE.length();
    // both formats (Kafka >= 2.0) go on with "for request = ": without it the line was cut short
    int request = line.indexOf(REQUEST, resourceStart);
    if (request < 0) {
      return malformed("no_request");
    }
    int resourceEnd = request;
    String operation = line.substring(opStart, host);
    if (operation.isEmpty() || operation.indexOf(' ') >= 0) {
      return malformed("bad_operation");
    }
    String principal = line.substring(principalStart, is);
    if (principal.isEmpty()) {
      return malformed("no_principal");
    }
    String hostText = line.substring(hostStart, resource);
    if (hostText.isEmpty() || hostText.indexOf(' ') >= 0) {
      return malformed("bad_host");
    }
    // Type:PATTERN:name, or the pre-2.0 Type:name; names (groups) may contain ':'
    int c1 = line.indexOf(':', resourceStart);
    if (c1 < 0 || c1 >= resourceEnd || c1 == resourceStart) {
      return malformed("bad_resource");
    }
    String type = line.substring(resourceStart, c1);
    String pattern = "LITERAL";
    int nameStart = c1 + 1;
    int c2 = line.indexOf(':', nameStart);
    if (c2 > 0 && c2 < resourceEnd) {
      String candidate = line.substring(nameStart, c2);
      if (candidate.equals("LITERAL")
          || candidate.equals("PREFIXED")
          || candidate.equals("MATCH")
          || candidate.equals("ANY")
          || candidate.equals("UNKNOWN")) {
        pattern = candidate;
        nameStart = c2 + 1;
      }
    }
    if (nameStart >= resourceEnd) {
      return malformed("bad_resource");
    }
    String name = line.substring(nameStart, resourceEnd);
    if (name.indexOf(' ') >= 0) {
      return malformed("bad_resource");
    }
    int rs = request + REQUEST.length();
    int re = line.indexOf(' ', rs);
    String requestName = line.substring(rs, re < 0 ? line.length() : re);
    long time = timestamps.find(line, p);
    return new ParseResult.Matched(
        new AuthorizerEvent(
            time, principal, allowed, operation, hostText, type, pattern, name, requestName));
  }

  private static ParseResult malformed(String reason) {
    return new ParseResult.Malformed(reason);
  }
}
