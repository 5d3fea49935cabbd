package io.netmapper.common.deliver;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.List;

/** Splits a report's entries into batches bounded by entry count and serialized bytes. */
public final class Batches {
  /**
   * Serialized bytes of entries per batch by default: far below the mapper's 16 MiB request limit,
   * so one batch is cheap to hold, to retry and for the mapper to take in one piece.
   */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  private Batches() {}

  /**
   * Consecutive chunks of {@code entries}, each with at most {@code maxEntries} entries whose
   * serialized size as repeated fields (tag and length included) is at most {@code maxBytes}. An
   * entry that alone exceeds {@code maxBytes} gets a chunk of its own (delivery drops it as {@code
   * too_large} if it is over the request limit). The chunks are views of {@code entries}.
   */
  public static <T extends MessageLite> List<List<T>> split(
      List<T> entries, int maxEntries, int maxBytes) {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "maxEntries and maxBytes must be >= 1, got " + maxEntries + ", " + maxBytes);
    }
    List<List<T>> out = new ArrayList<>();
    int from = 0;
    long bytes = 0;
    for (int i = 0; i < entries.size(); i++) {
      int size = entries.get(i).getSerializedSize();
      long wire = 2L + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
      if (i > from && (i - from >= maxEntries || bytes + wire > maxBytes)) {
        out.add(entries.subList(from, i));
        from = i;
        bytes = 0;
      }
      bytes += wire;
    }
    if (from < entries.size()) {
      out.add(entries.subList(from, entries.size()));
    }
    return out;
  }
}
