package io.netmapper.sniffer.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapHandle;

/**
 * The capture hot path: {@code pcap_next_ex} through a JNA direct mapping on the {@code pcap_t}
 * that pcap4j opened, copying each packet into one reused buffer. pcap4j's own {@code
 * getNextRawPacket} builds a JNA {@code Structure}, a new array and a {@code java.sql.Timestamp}
 * per packet, which caps reading at ~150k packets/s on one core.
 *
 * <p>One JNI transition per packet: the call takes plain addresses (the {@code pcap_t}, two pointer
 * slots in a native block allocated once), and the slots, the {@code pcap_pkthdr} and the packet
 * bytes are then read with {@link NativeMemory}, whose reads and copies the JIT turns into plain
 * loads. Reading them with JNA {@code Pointer}s instead costs six more JNI calls and two {@code
 * Pointer} objects per packet (reading took ~255 ns a packet that way, ~175 ns now, on one core
 * here); that path remains for a JVM without Unsafe. Used from a single thread that also owns the
 * handle's lifetime.
 */
final class FastPcapReader {
  /** pcap_next_ex results. */
  static final int PACKET = 1;

  static final int TIMEOUT = 0;
  static final int EOF = -2;

  private static final class Lib {
    // pointers passed as addresses: JNA converts no objects, it is one native call
    static native int pcap_next_ex(long p, long header, long data);

    static {
      Native.register("pcap");
    }

    /** Loads the class (and binds libpcap) now, so that a failure shows in {@link #of}. */
    static void bind() {}
  }

  private final long pcap;

  /** Where pcap_next_ex stores the header pointer (offset 0) and the data pointer (offset 8). */
  private final Memory slots = new Memory(16);

  private final long slotsAddress = Pointer.nativeValue(slots);
  private byte[] buffer = new byte[65536];
  private int caplen;
  private long timeNanos;

  private FastPcapReader(long pcap) {
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
      return new FastPcapReader(Pointer.nativeValue(p));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * Reads the next packet; returns {@link #PACKET}, {@link #TIMEOUT}, {@link #EOF} or another
   * negative error.
   */
  int next() {
    int rc = Lib.pcap_next_ex(pcap, slotsAddress, slotsAddress + 8);
    if (rc != PACKET) {
      return rc;
    }
    // struct pcap_pkthdr on LP64: struct timeval { long tv_sec; long tv_usec; }, caplen, len
    if (NativeMemory.AVAILABLE) {
      long h = NativeMemory.getLong(slotsAddress);
      caplen = checked(NativeMemory.getInt(h + 16));
      if (caplen > 0) {
        NativeMemory.copy(NativeMemory.getLong(slotsAddress + 8), buffer, caplen);
      }
      timeNanos = NativeMemory.getLong(h) * 1_000_000_000L + NativeMemory.getLong(h + 8) * 1_000L;
    } else {
      Pointer h = slots.getPointer(0);
      caplen = checked(h.getInt(16));
      if (caplen > 0) {
        slots.getPointer(8).read(0, buffer, 0, caplen);
      }
      timeNanos = h.getLong(0) * 1_000_000_000L + h.getLong(8) * 1_000L;
    }
    return PACKET;
  }

  /** The captured length, 0 when libpcap reports an impossible one; grows the buffer if needed. */
  private int checked(int length) {
    if (length < 0 || length > (1 << 20)) {
      return 0;
    }
    if (buffer.length < length) {
      buffer = new byte[length];
    }
    return length;
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
