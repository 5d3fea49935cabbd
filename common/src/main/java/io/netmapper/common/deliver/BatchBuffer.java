package io.netmapper.common.deliver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** FIFO of unacknowledged batches bounded by count and bytes; not thread-safe. */
final class BatchBuffer<M> {

  /** One buffered batch; identity matters (the worker removes exactly what it sent). */
  static final class Entry<M> {
    final long sequence;
    final M batch;
    final int bytes;

    Entry(long sequence, M batch, int bytes) {
      this.sequence = sequence;
      this.batch = batch;
      this.bytes = bytes;
    }
  }

  private final ArrayDeque<Entry<M>> entries = new ArrayDeque<>();
  private final int maxBatches;
  private final long maxBytes;
  private long bytes;

  BatchBuffer(int maxBatches, long maxBytes) {
    this.maxBatches = maxBatches;
    this.maxBytes = maxBytes;
  }

  /**
   * Appends the entry, first evicting the oldest entries until it fits. Returns the evicted entries
   * (oldest first); an entry larger than the whole buffer is not added and is returned itself.
   */
  List<Entry<M>> add(Entry<M> entry) {
    if (entry.bytes > maxBytes) {
      return List.of(entry);
    }
    List<Entry<M>> evicted = List.of();
    while (!entries.isEmpty() && (entries.size() >= maxBatches || bytes + entry.bytes > maxBytes)) {
      if (evicted.isEmpty()) {
        evicted = new ArrayList<>(2);
      }
      Entry<M> oldest = entries.removeFirst();
      bytes -= oldest.bytes;
      evicted.add(oldest);
    }
    entries.addLast(entry);
    bytes += entry.bytes;
    return evicted;
  }

  Entry<M> peek() {
    return entries.peekFirst();
  }

  /** Removes exactly this entry if it is still buffered; returns whether it was. */
  boolean remove(Entry<M> entry) {
    for (Iterator<Entry<M>> it = entries.iterator(); it.hasNext(); ) {
      if (it.next() == entry) {
        it.remove();
        bytes -= entry.bytes;
        return true;
      }
    }
    return false;
  }

  List<Entry<M>> clear() {
    List<Entry<M>> all = new ArrayList<>(entries);
    entries.clear();
    bytes = 0;
    return all;
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return bytes;
  }
}
