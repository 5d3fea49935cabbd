package io.netmapper.sniffer.capture;

import static java.lang.invoke.MethodType.methodType;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;

/**
 * Reads of native memory at raw addresses that the JIT compiles to plain loads and copies: the
 * {@code sun.misc.Unsafe} intrinsics, reached through constant method handles (which C2 inlines
 * like direct calls) so the build does not depend on, or warn about, that internal class. JNA's
 * {@code Pointer} reads do the same work through one JNI call each. {@link #AVAILABLE} is false on
 * a JVM without Unsafe; callers then keep their JNA path. On Java 22+ the FFM API ({@code
 * MemorySegment}) is the supported replacement.
 */
final class NativeMemory {
  static final boolean AVAILABLE;
  private static final MethodHandle GET_LONG; // (long address) long
  private static final MethodHandle GET_INT; // (long address) int
  private static final MethodHandle
      COPY; // (Object srcBase, long src, Object dstBase, long dst, long bytes) void
  private static final long BYTE_ARRAY_BASE;

  static {
    MethodHandle getLong = null;
    MethodHandle getInt = null;
    MethodHandle copy = null;
    long base = 0;
    try {
      Class<?> c = Class.forName("sun.misc.Unsafe");
      Field f = c.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      Object unsafe = f.get(null);
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      getLong = lookup.findVirtual(c, "getLong", methodType(long.class, long.class)).bindTo(unsafe);
      getInt = lookup.findVirtual(c, "getInt", methodType(int.class, long.class)).bindTo(unsafe);
      copy =
          lookup
              .findVirtual(
                  c,
                  "copyMemory",
                  methodType(
                      void.class, Object.class, long.class, Object.class, long.class, long.class))
              .bindTo(unsafe);
      base =
          (int)
              lookup
                  .findVirtual(c, "arrayBaseOffset", methodType(int.class, Class.class))
                  .bindTo(unsafe)
                  .invoke(byte[].class);
    } catch (Throwable e) {
      getLong = null;
    }
    AVAILABLE = getLong != null;
    GET_LONG = getLong;
    GET_INT = getInt;
    COPY = copy;
    BYTE_ARRAY_BASE = base;
  }

  private NativeMemory() {}

  static long getLong(long address) {
    try {
      return (long) GET_LONG.invokeExact(address);
    } catch (Throwable e) {
      throw new IllegalStateException(
          e); // the bound handles declare Throwable; Unsafe throws nothing here
    }
  }

  static int getInt(long address) {
    try {
      return (int) GET_INT.invokeExact(address);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies {@code length} bytes at {@code address} into {@code dst[0..length)}; the caller checks
   * the length.
   */
  static void copy(long address, byte[] dst, int length) {
    try {
      COPY.invokeExact((Object) null, address, (Object) dst, BYTE_ARRAY_BASE, (long) length);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
