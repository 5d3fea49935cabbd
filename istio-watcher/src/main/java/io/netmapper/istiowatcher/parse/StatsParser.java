package io.netmapper.istiowatcher.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /**
   * Reason label of an {@code istio_requests_total} series without {@code request_method}/{@code
   * request_path}.
   */
  public static final String MISSING_REQUEST_TAGS = "missing_request_tags";

  private static final int MAX_INTERNED = 65_536;

  /** Receives what a body holds. Called on the parsing thread. */
  public interface Sink {
    void request(RequestSeries series, long value);

    default void uptime(double seconds) {}

    default void malformed(String reason) {}

    default void skipped(String reason) {}
  }

  /**
   * @param lines non-blank lines read
   * @param samples {@code istio_requests_total} samples handed to the sink
   * @param malformed lines that could not be read
   */
  public record Summary(int lines, int samples, int malformed) {
    /**
     * False when nothing in the body read as Prometheus text: most likely not a metrics endpoint.
     */
    public boolean looksLikePrometheus() {
      return lines == 0 || malformed < lines;
    }
  }

  // workload, namespace, service and method names repeat across series and pods: keep one copy
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  public Summary parse(byte[] body, int length, Sink sink) {
    Cursor c = new Cursor(body, local.get());
    int lines = 0;
    int samples = 0;
    int malformed = 0;
    int i = 0;
    while (i < length) {
      int start = skipBlanks(body, i, length);
      if (start >= length) {
        break;
      }
      byte first = body[start];
      if (first == '\n') {
        i = start + 1;
        continue;
      }
      if (first == '\r' && (start + 1 == length || body[start + 1] == '\n')) {
        i = start + 2;
        continue;
      }
      lines++;
      String problem = null;
      c.pos = start;
      if (first == '#') {
        c.pos = start + 1;
      } else if (startsWithMetric(body, start, length, REQUESTS)) {
        problem = request(c, start + REQUESTS.length, length, sink);
        if (problem == null) {
          samples++;
        }
      } else if (startsWithMetric(body, start, length, UPTIME)) {
        problem = uptime(c, start + UPTIME.length, length, sink);
      } else if (!isNameStart(first)) {
        problem = BAD_LINE;
      }
      if (problem != null) {
        malformed++;
        sink.malformed(problem);
      }
      i = newline(body, c.pos, length) + 1;
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

    final Names names;

    Cursor(byte[] b, Names names) {
      this.b = b;
      this.names = names;
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

  private String request(Cursor c, int p, int length, Sink sink) {
    c.clear();
    byte[] b = c.b;
    if (p < length && b[p] == '{') {
      String problem = labels(c, p + 1, length);
      if (problem != null) {
        return problem;
      }
      p = c.pos;
    }
    c.pos = p;
    if (!value(c, p, lineEnd(b, p, length))) {
      return BAD_VALUE;
    }
    if (c.method == null || c.path == null || c.method.isEmpty() || c.path.isEmpty()) {
      sink.skipped(MISSING_REQUEST_TAGS);
      return null;
    }
    sink.request(
        new RequestSeries(
            orEmpty(c.reporter),
            orEmpty(c.sourceWorkload),
            orEmpty(c.sourceNamespace),
            orEmpty(c.destinationWorkload),
            orEmpty(c.destinationNamespace),
            orEmpty(c.destinationService),
            c.method,
            c.path),
        c.value);
    return null;
  }

  private String uptime(Cursor c, int p, int length, Sink sink) {
    byte[] b = c.b;
    int end = lineEnd(b, p, length);
    c.pos = p;
    if (p < end && b[p] == '{') {
      // envoy_server_uptime has no labels in practice; skip any
      int q = p + 1;
      while (q < end && b[q] != '}') {
        if (b[q] == '"') {
          q = closingQuote(b, q + 1, end);
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

  /**
   * Reads {@code name="value",...}} from p (just after the brace) within the current line; sets
   * c.pos after the closing brace, or where the line stopped making sense.
   */
  private String labels(Cursor c, int p, int length) {
    byte[] b = c.b;
    while (true) {
      p = skipBlanks(b, p, length);
      c.pos = p;
      if (p >= length || b[p] == '\n') {
        return BAD_LABELS;
      }
      if (b[p] == '}') {
        c.pos = p + 1;
        return null;
      }
      int nameStart = p;
      while (p < length && isNameChar(b[p])) {
        p++;
      }
      int nameEnd = p;
      p = skipBlanks(b, p, length);
      c.pos = p;
      if (nameEnd == nameStart || p + 1 >= length || b[p] != '=') {
        return BAD_LABELS;
      }
      p = skipBlanks(b, p + 1, length);
      c.pos = p;
      if (p >= length || b[p] != '"') {
        return BAD_LABELS;
      }
      int valueStart = p + 1;
      int stop = quoteEscapeOrNewline(b, valueStart, length);
      boolean escaped = false;
      while (stop < length && b[stop] == '\\') {
        if (stop + 1 < length && b[stop + 1] == '\n') {
          stop++; // a backslash cannot escape the end of the line
          break;
        }
        escaped = true;
        stop = stop + 2 >= length ? length : quoteEscapeOrNewline(b, stop + 2, length);
      }
      if (stop >= length || b[stop] != '"') {
        c.pos = stop;
        return BAD_LABELS;
      }
      int field = field(b, nameStart, nameEnd - nameStart);
      if (field != 0) {
        store(
            c,
            field,
            field == PATH
                ? decode(b, valueStart, stop)
                : escaped
                    ? intern(decode(b, valueStart, stop))
                    : c.names.get(b, valueStart, stop, this));
      }
      p = skipBlanks(b, stop + 1, length);
      if (p < length && b[p] == ',') {
        p++;
      } else if (p >= length || b[p] != '}') {
        c.pos = p;
        return BAD_LABELS;
      }
    }
  }

  private static final int PATH = 8;

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

  private static void store(Cursor c, int field, String v) {
    switch (field) {
      case 1 -> c.reporter = v;
      case 2 -> c.sourceWorkload = v;
      case 3 -> c.sourceNamespace = v;
      case 4 -> c.destinationWorkload = v;
      case 5 -> c.destinationNamespace = v;
      case 6 -> c.destinationService = v;
      case 7 -> c.method = v;
      case PATH -> c.path = v;
      default -> {}
    }
  }

  /**
   * Per-thread cache from the bytes of a name (workload, namespace, method...) to its one shared
   * String: a hit costs a hash and a compare of the bytes, no decoding, no allocation.
   */
  static final class Names {
    private static final int SLOTS = 4096;
    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    String get(byte[] b, int from, int to, StatsParser parser) {
      int h = 1;
      for (int p = from; p < to; p++) {
        h = 31 * h + b[p];
      }
      int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
      byte[] k = keys[slot];
      if (k != null && Arrays.equals(k, 0, k.length, b, from, to)) {
        return values[slot];
      }
      String s = parser.intern(new String(b, from, to - from, StandardCharsets.UTF_8));
      keys[slot] = Arrays.copyOfRange(b, from, to);
      values[slot] = s;
      return s;
    }
  }

  private final ThreadLocal<Names> local = ThreadLocal.withInitial(Names::new);

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

  /**
   * Index of the closing quote of a label value starting at p, honouring escapes; -1 when the line
   * ends first.
   */
  private static int closingQuote(byte[] b, int p, int end) {
    while (p < end) {
      byte x = b[p];
      if (x == '\\') {
        p += 2;
      } else if (x == '"') {
        return p;
      } else if (x == '\n') {
        return -1;
      } else {
        p++;
      }
    }
    return -1;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long NEWLINES = ONES * '\n';

  /**
   * High bit set in each byte of the word equal to the pattern's byte (exact for the lowest match).
   */
  private static long matches(long word, long pattern) {
    long x = word ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }

  /**
   * Index of the first {@code "}, backslash or newline at or after p, 8 bytes at a time; end when
   * none.
   */
  static int quoteEscapeOrNewline(byte[] b, int p, int end) {
    while (p + 8 <= end) {
      long w = (long) LONGS.get(b, p);
      long m = matches(w, QUOTES) | matches(w, BACKSLASHES) | matches(w, NEWLINES);
      if (m != 0) {
        return p + (Long.numberOfTrailingZeros(m) >>> 3);
      }
      p += 8;
    }
    while (p < end) {
      byte x = b[p];
      if (x == '"' || x == '\\' || x == '\n') {
        return p;
      }
      p++;
    }
    return end;
  }

  /** Index of the next newline at or after p, 8 bytes at a time; end when none. */
  static int newline(byte[] b, int p, int end) {
    while (p + 8 <= end) {
      long m = matches((long) LONGS.get(b, p), NEWLINES);
      if (m != 0) {
        return p + (Long.numberOfTrailingZeros(m) >>> 3);
      }
      p += 8;
    }
    while (p < end && b[p] != '\n') {
      p++;
    }
    return end < p ? end : p;
  }

  /** End of the line's content from p: its newline, or the carriage return before it. */
  private static int lineEnd(byte[] b, int p, int length) {
    int n = newline(b, p, length);
    return n > p && b[n - 1] == '\r' ? n - 1 : n;
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

  /**
   * Reads the sample value (and ignores an optional timestamp); false when it is not a number >= 0.
   */
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
