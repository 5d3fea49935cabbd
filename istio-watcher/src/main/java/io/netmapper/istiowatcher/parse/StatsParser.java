package io.netmapper.istiowatcher.parse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Envoy's Prometheus text exposition ({@code /stats/prometheus}) straight from the response
 * bytes. Only two metrics are decoded: {@code istio_requests_total} (the labels that name an HTTP
 * access) and {@code envoy_server_uptime} (to tell a restarted sidecar); every other line is only
 * checked to start like a sample or a comment, so a body that is not Prometheus text (HTML, JSON)
 * is recognised. Label values are unescaped ({@code \\}, {@code \"}, {@code \n}) and decoded as
 * UTF-8; nothing else in them is changed. Thread-safe; one instance may serve every scrape.
 *
 * <p>There is no maintained Java parser for this format (the Prometheus Java client only writes
 * it), hence this one.
 */
public final class StatsParser {
  public static final String REQUESTS_METRIC = "istio_requests_total";
  public static final String UPTIME_METRIC = "envoy_server_uptime";
  private static final byte[] REQUESTS = REQUESTS_METRIC.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UPTIME = UPTIME_METRIC.getBytes(StandardCharsets.US_ASCII);

  /** Reason labels of malformed lines. */
  public static final String BAD_LINE = "bad_line";
  public static final String BAD_LABELS = "bad_labels";
  public static final String BAD_VALUE = "bad_value";
  /** Reason label of an {@code istio_requests_total} series without {@code request_method}/{@code request_path}. */
  public static final String MISSING_REQUEST_TAGS = "missing_request_tags";

  private static final int MAX_INTERNED = 65_536;

  /** Receives what a body holds. Called on the parsing thread. */
  public interface Sink {
    void request(RequestSeries series, long value);

    default void uptime(double seconds) { }

    default void malformed(String reason) { }

    default void skipped(String reason) { }
  }

  /**
   * @param lines     non-blank lines read
   * @param samples   {@code istio_requests_total} samples handed to the sink
   * @param malformed lines that could not be read
   */
  public record Summary(int lines, int samples, int malformed) {
    /** False when nothing in the body read as Prometheus text: most likely not a metrics endpoint. */
    public boolean looksLikePrometheus() {
      return lines == 0 || malformed < lines;
    }
  }

  // workload, namespace, service and method names repeat across series and pods: keep one copy
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  public Summary parse(byte[] body, int length, Sink sink) {
    Cursor c = new Cursor(body);
    int lines = 0;
    int samples = 0;
    int malformed = 0;
    int i = 0;
    while (i < length) {
      int end = indexOf(body, (byte) '\n', i, length);
      int lineEnd = end > i && body[end - 1] == '\r' ? end - 1 : end;
      int start = skipBlanks(body, i, lineEnd);
      i = end + 1;
      if (start >= lineEnd) {
        continue;
      }
      lines++;
      byte first = body[start];
      if (first == '#') {
        continue;
      }
      String problem;
      if (startsWithMetric(body, start, lineEnd, REQUESTS)) {
        problem = request(c, start + REQUESTS.length, lineEnd, sink);
        if (problem == null) {
          samples++;
        }
      } else if (startsWithMetric(body, start, lineEnd, UPTIME)) {
        problem = uptime(c, start + UPTIME.length, lineEnd, sink);
      } else {
        problem = isNameStart(first) ? null : BAD_LINE;
      }
      if (problem != null) {
        malformed++;
        sink.malformed(problem);
      }
    }
    return new Summary(lines, samples, malformed);
  }

  /** Parsing state of one body: the label values of the current line. */
  private static final class Cursor {
    final byte[] b;
    String reporter;
    String sourceWorkload;
    String sourceNamespace;
    String destinationWorkload;
    String destinationNamespace;
    String destinationService;
    String method;
    String path;
    int pos;
    long value;
    double doubleValue;

    Cursor(byte[] b) {
      this.b = b;
    }

    void clear() {
      reporter = null;
      sourceWorkload = null;
      sourceNamespace = null;
      destinationWorkload = null;
      destinationNamespace = null;
      destinationService = null;
      method = null;
      path = null;
    }
  }

  private String request(Cursor c, int p, int end, Sink sink) {
    c.clear();
    byte[] b = c.b;
    if (p < end && b[p] == '{') {
      String problem = labels(c, p + 1, end);
      if (problem != null) {
        return problem;
      }
      p = c.pos;
    }
    if (!value(c, p, end)) {
      return BAD_VALUE;
    }
    if (c.method == null || c.path == null || c.method.isEmpty() || c.path.isEmpty()) {
      sink.skipped(MISSING_REQUEST_TAGS);
      return null;
    }
    sink.request(new RequestSeries(orEmpty(c.reporter), orEmpty(c.sourceWorkload), orEmpty(c.sourceNamespace),
        orEmpty(c.destinationWorkload), orEmpty(c.destinationNamespace), orEmpty(c.destinationService),
        c.method, c.path), c.value);
    return null;
  }

  private String uptime(Cursor c, int p, int end, Sink sink) {
    byte[] b = c.b;
    if (p < end && b[p] == '{') {
      // envoy_server_uptime has no labels in practice; skip any
      int q = p + 1;
      while (q < end && b[q] != '}') {
        if (b[q] == '"') {
          q = skipQuoted(b, q + 1, end);
          if (q < 0) {
            return BAD_LABELS;
          }
        }
        q++;
      }
      if (q >= end) {
        return BAD_LABELS;
      }
      p = q + 1;
    }
    if (!value(c, p, end)) {
      return BAD_VALUE;
    }
    sink.uptime(c.doubleValue);
    return null;
  }

  /** Reads {@code name="value",...}} from p (just after the brace); sets c.pos after the closing brace. */
  private String labels(Cursor c, int p, int end) {
    byte[] b = c.b;
    while (true) {
      p = skipBlanks(b, p, end);
      if (p >= end) {
        return BAD_LABELS;
      }
      if (b[p] == '}') {
        c.pos = p + 1;
        return null;
      }
      int nameStart = p;
      while (p < end && isNameChar(b[p])) {
        p++;
      }
      int nameEnd = p;
      p = skipBlanks(b, p, end);
      if (nameEnd == nameStart || p + 1 >= end || b[p] != '=') {
        return BAD_LABELS;
      }
      p = skipBlanks(b, p + 1, end);
      if (p >= end || b[p] != '"') {
        return BAD_LABELS;
      }
      int valueStart = p + 1;
      int close = skipQuoted(b, valueStart, end);
      if (close < 0) {
        return BAD_LABELS;
      }
      int field = field(b, nameStart, nameEnd - nameStart);
      if (field != 0) {
        store(c, field, decode(b, valueStart, close));
      }
      p = skipBlanks(b, close + 1, end);
      if (p < end && b[p] == ',') {
        p++;
      } else if (p >= end || b[p] != '}') {
        return BAD_LABELS;
      }
    }
  }

  private static final byte[][] FIELDS = {
      null,
      "reporter".getBytes(StandardCharsets.US_ASCII),
      "source_workload".getBytes(StandardCharsets.US_ASCII),
      "source_workload_namespace".getBytes(StandardCharsets.US_ASCII),
      "destination_workload".getBytes(StandardCharsets.US_ASCII),
      "destination_workload_namespace".getBytes(StandardCharsets.US_ASCII),
      "destination_service_name".getBytes(StandardCharsets.US_ASCII),
      "request_method".getBytes(StandardCharsets.US_ASCII),
      "request_path".getBytes(StandardCharsets.US_ASCII),
  };

  private static int field(byte[] b, int from, int len) {
    for (int f = 1; f < FIELDS.length; f++) {
      byte[] name = FIELDS[f];
      if (name.length == len && equalsAt(b, from, name)) {
        return f;
      }
    }
    return 0;
  }

  private void store(Cursor c, int field, String v) {
    switch (field) {
      case 1 -> c.reporter = intern(v);
      case 2 -> c.sourceWorkload = intern(v);
      case 3 -> c.sourceNamespace = intern(v);
      case 4 -> c.destinationWorkload = intern(v);
      case 5 -> c.destinationNamespace = intern(v);
      case 6 -> c.destinationService = intern(v);
      case 7 -> c.method = intern(v);
      case 8 -> c.path = v;
      default -> { }
    }
  }

  private String intern(String s) {
    String known = names.get(s);
    if (known != null) {
      return known;
    }
    if (names.size() >= MAX_INTERNED) {
      names.clear(); // many distinct names: start over rather than grow without bound
    }
    known = names.putIfAbsent(s, s);
    return known != null ? known : s;
  }

  /** Index of the closing quote of a label value starting at p, honouring backslash escapes; -1 when none. */
  private static int skipQuoted(byte[] b, int p, int end) {
    while (p < end) {
      byte x = b[p];
      if (x == '\\') {
        p += 2;
      } else if (x == '"') {
        return p;
      } else {
        p++;
      }
    }
    return -1;
  }

  /** UTF-8 text of a label value between from and to (exclusive), with escapes undone. */
  static String decode(byte[] b, int from, int to) {
    int backslash = indexOf(b, (byte) '\\', from, to);
    if (backslash == to) {
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[to - from];
    int n = 0;
    for (int p = from; p < to; p++) {
      byte x = b[p];
      if (x == '\\' && p + 1 < to) {
        byte next = b[++p];
        if (next == 'n') {
          out[n++] = '\n';
        } else if (next == '\\' || next == '"') {
          out[n++] = next;
        } else {
          // not an escape the format defines: keep both characters
          out[n++] = x;
          out[n++] = next;
        }
      } else {
        out[n++] = x;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** Reads the sample value (and ignores an optional timestamp); false when it is not a number >= 0. */
  private static boolean value(Cursor c, int p, int end) {
    byte[] b = c.b;
    int start = skipBlanks(b, p, end);
    if (start == p && p < end) {
      return false; // the value must be separated from the name or labels
    }
    int stop = start;
    while (stop < end && b[stop] != ' ' && b[stop] != '\t') {
      stop++;
    }
    if (stop == start) {
      return false;
    }
    long v = 0;
    boolean integer = stop - start <= 18;
    for (int q = start; q < stop && integer; q++) {
      byte x = b[q];
      if (x >= '0' && x <= '9') {
        v = v * 10 + (x - '0');
      } else {
        integer = false;
      }
    }
    if (integer) {
      c.value = v;
      c.doubleValue = v;
    } else {
      double d;
      try {
        d = Double.parseDouble(new String(b, start, stop - start, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        return false;
      }
      if (!(d >= 0) || Double.isInfinite(d)) {
        return false;
      }
      c.doubleValue = d;
      c.value = d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) d;
    }
    int rest = skipBlanks(b, stop, end);
    if (rest < end) {
      // an optional timestamp: digits, maybe signed
      int q = rest;
      if (b[q] == '-' || b[q] == '+') {
        q++;
      }
      if (q >= end) {
        return false;
      }
      for (; q < end; q++) {
        byte x = b[q];
        if ((x < '0' || x > '9') && x != ' ' && x != '\t') {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean startsWithMetric(byte[] b, int p, int end, byte[] name) {
    if (end - p < name.length + 1 || !equalsAt(b, p, name)) {
      return false;
    }
    byte next = b[p + name.length];
    return next == '{' || next == ' ' || next == '\t';
  }

  private static boolean equalsAt(byte[] b, int p, byte[] name) {
    for (int k = 0; k < name.length; k++) {
      if (b[p + k] != name[k]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte x, int from, int to) {
    for (int p = from; p < to; p++) {
      if (b[p] == x) {
        return p;
      }
    }
    return to;
  }

  private static int skipBlanks(byte[] b, int p, int end) {
    while (p < end && (b[p] == ' ' || b[p] == '\t')) {
      p++;
    }
    return p;
  }

  private static boolean isNameStart(byte x) {
    return x >= 'a' && x <= 'z' || x >= 'A' && x <= 'Z' || x == '_' || x == ':';
  }

  private static boolean isNameChar(byte x) {
    return isNameStart(x) || x >= '0' && x <= '9';
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
