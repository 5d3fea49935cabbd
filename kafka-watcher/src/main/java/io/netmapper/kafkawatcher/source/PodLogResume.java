package io.netmapper.kafkawatcher.source;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Where a pod log stream stands, so a reconnect neither loses nor repeats lines. The logs API is
 * asked with {@code timestamps=true}: every line starts with the kubelet's RFC 3339 time (ns
 * precision). After a disconnect or broker restart the stream is reopened with {@code sinceTime} =
 * the last time read, cut to the second (the API's precision); lines older than the last one read
 * are skipped, and of the lines with exactly that time as many as were read already.
 */
final class PodLogResume {
  /** A line of the stream without its kubelet timestamp, or {@link #SKIP}. */
  record Line(String text, long timeMillis) {}

  static final Line SKIP = new Line("", -1);

  private Instant last;
  private int readAtLast;
  private int toSkipAtLast;

  /** The {@code sinceTime} for the next connection, or null before anything was read. */
  String sinceTime() {
    return last == null ? null : last.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A new connection starts: lines at the last time read are replayed by the API. */
  void reconnected() {
    toSkipAtLast = readAtLast;
  }

  /** Splits off the timestamp; {@link #SKIP} for a line already read. */
  Line accept(String raw) {
    int sp = raw.indexOf(' ');
    Instant at;
    try {
      at = sp > 0 ? Instant.parse(raw.substring(0, sp)) : null;
    } catch (DateTimeParseException e) {
      at = null;
    }
    if (at == null) {
      // no kubelet timestamp (not expected with timestamps=true): cannot be deduplicated, keep it
      return new Line(raw, -1);
    }
    String text = raw.substring(sp + 1);
    if (last != null) {
      int c = at.compareTo(last);
      if (c < 0) {
        return SKIP;
      }
      if (c == 0) {
        if (toSkipAtLast > 0) {
          toSkipAtLast--;
          return SKIP;
        }
        readAtLast++;
        return new Line(text, at.toEpochMilli());
      }
    }
    last = at;
    readAtLast = 1;
    toSkipAtLast = 0;
    return new Line(text, at.toEpochMilli());
  }
}
