package io.netmapper.common.deliver;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.Reporter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers report batches of any kind, in order, at least once, without ever blocking the producer.
 * One instance per reporter process: sequence numbers are shared by every report kind the reporter
 * sends, so the mapper can deduplicate on (reporter instance, sequence).
 *
 * <p>Batches wait in their serialized form, so the buffer's byte bound is what they really hold;
 * that bound is the configured one or a quarter of the JVM's heap, whichever is smaller, so no
 * outage can fill the heap with unsent reports.
 */
public final class ReportDelivery<M extends MessageLite> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportDelivery.class);

  /**
   * Largest batch ever sent: the mapper's request limit (16 MiB) less room for the gRPC framing. A
   * larger batch is dropped at once as {@code too_large}; producers split below this (see {@link
   * Batches}).
   */
  public static final int MAX_REQUEST_BYTES = (16 << 20) - (64 << 10);

  /** Share of the JVM's maximum heap that buffered batches may take at most. */
  static final int HEAP_SHARE_DIVISOR = 4;

  /** A buffered batch: its bytes and how to read them back for each attempt. */
  private record Stored(byte[] bytes, Parser<? extends MessageLite> parser) {}

  private final Reporter reporter;
  private final BatchSender<? super M> sender;
  private final DeliveryListener listener;
  private final Backoff backoff;
  private final ThreadFactory threadFactory;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final BatchBuffer<Stored> buffer;
  private final long maxBytes;
  private final int maxBatches;
  private final long maxBackoffNanos;
  private long lastSequence;
  private boolean running;
  private Thread worker;

  public ReportDelivery(
      Reporter reporter,
      DeliveryConfig config,
      BatchSender<? super M> sender,
      DeliveryListener listener,
      ThreadFactory threadFactory,
      RandomGenerator random) {
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
    this.backoff = new Backoff(config, random);
    this.maxBytes = budget(config.maxBytes(), Runtime.getRuntime().maxMemory());
    this.maxBatches = config.maxBatches();
    this.maxBackoffNanos = config.maxBackoff().toNanos();
    this.buffer = new BatchBuffer<>(maxBatches, maxBytes);
    if (maxBytes < config.maxBytes()) {
      LOG.info(
          "reporter {}: retry buffer limited to {} bytes (a quarter of the {} byte heap) instead of"
              + " the configured {}",
          reporter.getComponent(),
          maxBytes,
          Runtime.getRuntime().maxMemory(),
          config.maxBytes());
    }
  }

  /** The buffer's byte bound: the configured one, at most a quarter of the heap. */
  static long budget(long configured, long maxHeap) {
    long share = maxHeap == Long.MAX_VALUE ? Long.MAX_VALUE : maxHeap / HEAP_SHARE_DIVISOR;
    return Math.max(1, Math.min(configured, share));
  }

  /** A reporter identity with a fresh random instance id (one per process start). */
  public static Reporter newReporter(String component, String nodeName) {
    return Reporter.newBuilder()
        .setComponent(component)
        .setNodeName(nodeName)
        .setInstanceId(UUID.randomUUID().toString())
        .build();
  }

  public Reporter reporter() {
    return reporter;
  }

  public void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
      worker = threadFactory.newThread(this::run);
      worker.start();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stamps a batch with the next sequence number and buffers it for delivery. Never blocks on
   * delivery; may evict (and count) the oldest batches. A batch over {@link #MAX_REQUEST_BYTES} or
   * the whole buffer is dropped at once as {@code too_large}. Returns the sequence number.
   */
  public long offer(Function<BatchHeader, M> build) {
    List<BatchBuffer.Entry<Stored>> evicted;
    BatchBuffer.Entry<Stored> entry;
    lock.lock();
    try {
      long sequence = ++lastSequence;
      M batch =
          build.apply(BatchHeader.newBuilder().setReporter(reporter).setSequence(sequence).build());
      int size = batch.getSerializedSize();
      if (size > MAX_REQUEST_BYTES || size > maxBytes) {
        entry = new BatchBuffer.Entry<>(sequence, null, size);
        evicted = List.of(entry);
      } else {
        byte[] bytes = batch.toByteArray();
        entry =
            new BatchBuffer.Entry<>(
                sequence, new Stored(bytes, batch.getParserForType()), bytes.length);
        evicted = buffer.add(entry);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    for (BatchBuffer.Entry<Stored> e : evicted) {
      String reason = e == entry ? DeliveryListener.TOO_LARGE : DeliveryListener.BUFFER_FULL;
      listener.dropped(e.sequence, e.bytes, reason);
      if (e == entry) {
        LOG.warn(
            "reporter {}: batch {} of {} bytes dropped: larger than the mapper's request limit or"
                + " the retry buffer",
            reporter.getComponent(),
            e.sequence,
            e.bytes);
      }
    }
    return entry.sequence;
  }

  /**
   * Whether the buffer is less than half full (batches and bytes): a producer with extra batches
   * (an aggregate handed over before its interval ended) may offer them without evicting older
   * ones; the other half takes the regular batches.
   */
  public boolean hasSpareRoom() {
    lock.lock();
    try {
      return buffer.bytes() < maxBytes / 2 && buffer.size() < Math.max(1, maxBatches / 2);
    } finally {
      lock.unlock();
    }
  }

  /** The buffer's byte bound in effect (see the class comment). */
  public long maxBufferedBytes() {
    return maxBytes;
  }

  public int bufferedBatches() {
    lock.lock();
    try {
      return buffer.size();
    } finally {
      lock.unlock();
    }
  }

  public long bufferedBytes() {
    lock.lock();
    try {
      return buffer.bytes();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code drain} for buffered batches to be delivered, then stops the worker and
   * counts what is left as dropped with reason {@code stopped}.
   */
  public void stop(Duration drain) {
    long deadline = System.nanoTime() + drain.toNanos();
    List<BatchBuffer.Entry<Stored>> left;
    Thread w;
    lock.lock();
    try {
      while (running && buffer.size() > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        changed.awaitNanos(remaining);
      }
      running = false;
      left = buffer.clear();
      changed.signalAll();
      w = worker;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      left = buffer.clear();
      w = worker;
    } finally {
      lock.unlock();
    }
    if (w != null) {
      w.interrupt();
      try {
        w.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (BatchBuffer.Entry<Stored> e : left) {
      listener.dropped(e.sequence, e.bytes, DeliveryListener.STOPPED);
    }
    if (!left.isEmpty()) {
      LOG.warn(
          "reporter {}/{}: stopped with {} undelivered batches",
          reporter.getComponent(),
          reporter.getInstanceId(),
          left.size());
    }
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }

  private void run() {
    int failures = 0;
    while (true) {
      BatchBuffer.Entry<Stored> head = awaitHead();
      if (head == null) {
        return;
      }
      try {
        sender.send(read(head.batch));
        remove(head);
        listener.sent(head.sequence, head.bytes, failures + 1);
        if (failures > 0) {
          LOG.info(
              "reporter {}: mapper reachable again, delivered batch {} after {} failures",
              reporter.getComponent(),
              head.sequence,
              failures);
        }
        failures = 0;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        boolean unreadable = e instanceof InvalidProtocolBufferException;
        if (unreadable || sender.isPermanent(e)) {
          String reason = unreadable ? DeliveryListener.REJECTED : sender.dropReason(e);
          if (remove(head)) {
            listener.dropped(head.sequence, head.bytes, reason);
          }
          LOG.warn(
              "reporter {}: batch {} of {} bytes dropped ({}): {}",
              reporter.getComponent(),
              head.sequence,
              head.bytes,
              reason,
              e.toString());
          failures = 0;
          continue;
        }
        failures++;
        long asked = sender.retryAfterMillis(e);
        long delay =
            asked >= 0
                ? Math.max(1, Math.min(TimeUnit.MILLISECONDS.toNanos(asked), maxBackoffNanos))
                : backoff.delayNanos(failures);
        listener.retrying(head.sequence, failures, delay, e);
        if (failures == 1) {
          LOG.warn(
              "reporter {}: delivering batch {} failed, retrying {}: {}",
              reporter.getComponent(),
              head.sequence,
              asked >= 0 ? "after the mapper's " + asked + " ms" : "with backoff",
              e.toString());
        }
        if (!pause(delay)) {
          return;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private M read(Stored stored) throws InvalidProtocolBufferException {
    return (M) stored.parser().parseFrom(stored.bytes());
  }

  private BatchBuffer.Entry<Stored> awaitHead() {
    lock.lock();
    try {
      while (running && buffer.peek() == null) {
        changed.await();
      }
      return running ? buffer.peek() : null;
    } catch (InterruptedException e) {
      return null;
    } finally {
      lock.unlock();
    }
  }

  private boolean remove(BatchBuffer.Entry<Stored> entry) {
    lock.lock();
    try {
      boolean removed = buffer.remove(entry);
      changed.signalAll();
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** Sleeps for the backoff; returns false when stopped meanwhile. */
  private boolean pause(long nanos) {
    lock.lock();
    try {
      long remaining = nanos;
      while (running && remaining > 0) {
        remaining = changed.awaitNanos(remaining);
      }
      return running;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }
}
