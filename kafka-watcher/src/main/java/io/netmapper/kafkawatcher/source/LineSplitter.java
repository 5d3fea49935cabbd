package io.netmapper.kafkawatcher.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into complete lines ({@code \n}, an optional {@code \r} removed), decoding
 * UTF-8 leniently (garbage bytes become U+FFFD, never an exception). A line longer than the limit
 * is skipped up to its end and reported once. What follows the last newline stays pending until
 * more bytes come; the owner decides what a pending tail means when the stream ends.
 */
final class LineSplitter {
  /** Receives what the splitter finds. */
  interface Lines {
    void line(String line);

    void tooLong();
  }

  private final int maxLineBytes;
  private byte[] pending = new byte[256];
  private int pendingLength;
  private boolean skipping;

  LineSplitter(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  void feed(byte[] buf, int off, int len, Lines out) {
    int end = off + len;
    int start = off;
    for (int i = off; i < end; i++) {
      if (buf[i] != '\n') {
        continue;
      }
      if (skipping) {
        skipping = false;
        pendingLength = 0;
      } else if (pendingLength == 0) {
        emit(buf, start, i - start, out);
      } else {
        append(buf, start, i - start);
        if (!skipping) {
          emit(pending, 0, pendingLength, out);
        } else {
          skipping = false;
        }
        pendingLength = 0;
      }
      start = i + 1;
    }
    if (start < end && !skipping) {
      append(buf, start, end - start);
      if (pendingLength > maxLineBytes) {
        skipping = true;
        pendingLength = 0;
        out.tooLong();
      }
    }
  }

  private void emit(byte[] b, int off, int len, Lines out) {
    if (len > 0 && b[off + len - 1] == '\r') {
      len--;
    }
    if (len > maxLineBytes) {
      out.tooLong();
      return;
    }
    out.line(new String(b, off, len, StandardCharsets.UTF_8));
  }

  private void append(byte[] b, int off, int len) {
    if (pendingLength + len > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + len));
    }
    System.arraycopy(b, off, pending, pendingLength, len);
    pendingLength += len;
  }

  /** Bytes of an unfinished line waiting for its newline. */
  int pendingBytes() {
    return pendingLength;
  }

  /** Forgets an unfinished line (the stream it came from ended); returns whether there was one. */
  boolean discardPending() {
    boolean had = pendingLength > 0 || skipping;
    pendingLength = 0;
    skipping = false;
    if (pending.length > 65536) {
      pending = new byte[256];
    }
    return had;
  }
}
