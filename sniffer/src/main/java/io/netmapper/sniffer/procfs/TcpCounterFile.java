package io.netmapper.sniffer.procfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A network namespace's {@code net/snmp}, opened once and re-read with a positional read at offset
 * 0 each pass: the kernel's seq_file regenerates its text when a read starts at 0, so the counters
 * are current, while the open (path walk through {@code /proc/<pid>/net}, seq_file set-up) is paid
 * once. Reading ~6 µs instead of ~20 µs here.
 *
 * <p>The open file holds a reference on the namespace: it stays alive (devices, sockets' tables) as
 * long as the file is open, even after every process in it exited. The scanner therefore closes the
 * file in the first pass that finds no process in the namespace.
 */
final class TcpCounterFile implements AutoCloseable {
  /** ActiveOpens, PassiveOpens, AttemptFails, EstabResets, CurrEstab. */
  static final int FIELDS = 5;

  /**
   * Index of ActiveOpens among the values of the {@code Tcp:} line (after RtoAlgorithm..MaxConn).
   */
  private static final int FIRST = 4;

  private final FileChannel channel;

  private TcpCounterFile(FileChannel channel) {
    this.channel = channel;
  }

  static TcpCounterFile open(Path snmp) throws IOException {
    return new TcpCounterFile(FileChannel.open(snmp, StandardOpenOption.READ));
  }

  /**
   * Reads the current counters into {@code out}; false when the text has no usable {@code Tcp:}
   * line. {@code buffer} is the caller's scratch space (one per scanner: the scan is one thread).
   */
  boolean read(ByteBuffer buffer, long[] out) throws IOException {
    buffer.clear();
    long position = 0;
    int n;
    // one read normally returns the whole text (~1.3 kB); loop in case the kernel splits it
    while (buffer.hasRemaining() && (n = channel.read(buffer, position)) > 0) {
      position += n;
    }
    return parse(buffer, buffer.position(), out);
  }

  /**
   * Finds the second {@code Tcp:} line (the values; the first holds the names) in {@code text[0,
   * length)} and parses fields ActiveOpens..CurrEstab. Never throws on odd input.
   */
  static boolean parse(ByteBuffer text, int length, long[] out) {
    int line = 0;
    int tcpLines = 0;
    while (line < length) {
      int end = line;
      while (end < length && text.get(end) != '\n') {
        end++;
      }
      if (startsWith(text, line, end, "Tcp:") && ++tcpLines == 2) {
        return fields(text, line + 4, end, out);
      }
      line = end + 1;
    }
    return false;
  }

  private static boolean fields(ByteBuffer text, int from, int end, long[] out) {
    int field = 0;
    int i = from;
    while (i < end && field < FIRST + FIELDS) {
      while (i < end && text.get(i) == ' ') {
        i++;
      }
      if (i >= end) {
        return false;
      }
      boolean negative = text.get(i) == '-'; // MaxConn is -1
      if (negative) {
        i++;
      }
      long value = 0;
      int digits = 0;
      for (byte b; i < end && (b = text.get(i)) != ' '; i++, digits++) {
        if (b < '0' || b > '9' || digits > 18) {
          return false;
        }
        value = value * 10 + (b - '0');
      }
      if (digits == 0) {
        return false;
      }
      if (field >= FIRST) {
        out[field - FIRST] = negative ? -value : value;
      }
      field++;
    }
    return field == FIRST + FIELDS;
  }

  private static boolean startsWith(ByteBuffer text, int from, int end, String prefix) {
    if (end - from < prefix.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (text.get(from + k) != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a proc file cannot fail in a way that matters; the reference is dropped anyway
    }
  }
}
