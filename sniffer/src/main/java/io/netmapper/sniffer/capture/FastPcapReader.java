package io.netmapper.sniffer.capture;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapHandle;

/**
 * The capture hot path: {@code pcap_next_ex} through a JNA direct mapping on the {@code pcap_t}
 * that pcap4j opened, copying each packet into one reused buffer and reading the header with
 * plain pointer reads. pcap4j's own {@code getNextRawPacket} builds a JNA {@code Structure}, a new
 * array and a {@code java.sql.Timestamp} per packet, which caps reading at ~150k packets/s on one
 * core. Used from a single thread that also owns the handle's lifetime.
 */
final class FastPcapReader {
  /** pcap_next_ex results. */
  static final int PACKET = 1;
  static final int TIMEOUT = 0;
  static final int EOF = -2;

  private static final class Lib {
    static native int pcap_next_ex(Pointer p, PointerByReference header, PointerByReference data);

    static {
      Native.register("pcap");
    }

    /** Loads the class (and binds libpcap) now, so that a failure shows in {@link #of}. */
    static void bind() { }
  }

  private final Pointer pcap;
  private final PointerByReference header = new PointerByReference();
  private final PointerByReference data = new PointerByReference();
  private byte[] buffer = new byte[65536];
  private int caplen;
  private long timeNanos;

  private FastPcapReader(Pointer pcap) {
    this.pcap = pcap;
  }

  /** A reader on pcap4j's handle, or null when this pcap4j version hides it differently. */
  static FastPcapReader of(PcapHandle handle) {
    try {
      Field f = PcapHandle.class.getDeclaredField("handle");
      f.setAccessible(true);
      Pointer p = (Pointer) f.get(handle);
      if (p == null) {
        return null;
      }
      Lib.bind();
      return new FastPcapReader(p);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Reads the next packet; returns {@link #PACKET}, {@link #TIMEOUT}, {@link #EOF} or another negative error. */
  int next() {
    int rc = Lib.pcap_next_ex(pcap, header, data);
    if (rc != PACKET) {
      return rc;
    }
    Pointer h = header.getValue();
    // struct pcap_pkthdr on LP64: struct timeval { long tv_sec; long tv_usec; }, caplen, len
    long seconds = h.getLong(0);
    long micros = h.getLong(8);
    caplen = h.getInt(16);
    if (caplen < 0 || caplen > (1 << 20)) {
      caplen = 0;
      return PACKET;
    }
    if (buffer.length < caplen) {
      buffer = new byte[caplen];
    }
    data.getValue().read(0, buffer, 0, caplen);
    timeNanos = seconds * 1_000_000_000L + micros * 1_000L;
    return PACKET;
  }

  byte[] buffer() {
    return buffer;
  }

  int caplen() {
    return caplen;
  }

  long timeNanos() {
    return timeNanos;
  }
}
