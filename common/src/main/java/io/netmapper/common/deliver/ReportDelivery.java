package io.netmapper.common.deliver;

import com.google.protobuf.MessageLite;
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
 */
public final class ReportDelivery<M extends MessageLite> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportDelivery.class);

  private final Reporter reporter;
  private final BatchSender<? super M> sender;
  private final DeliveryListener listener;
  private final Backoff backoff;
  private final ThreadFactory threadFactory;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final BatchBuffer<M> buffer;
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
    this.buffer = new BatchBuffer<>(config.maxBatches(), config.maxBytes());
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
   * delivery; may evict (and count) the oldest batches. Returns the sequence number.
   */
  public long offer(Function<BatchHeader, M> build) {
    List<BatchBuffer.Entry<M>> evicted;
    BatchBuffer.Entry<M> entry;
    lock.lock();
    try {
      long sequence = ++lastSequence;
      M batch =
          build.apply(BatchHeader.newBuilder().setReporter(reporter).setSequence(sequence).build());
      entry = new BatchBuffer.Entry<>(sequence, batch, batch.getSerializedSize());
      evicted = buffer.add(entry);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (BatchBuffer.Entry<M> e : evicted) {
      String reason = e == entry ? DeliveryListener.BATCH_TOO_LARGE : DeliveryListener.BUFFER_FULL;
      listener.dropped(e.sequence, e.bytes, reason);
    }
    return entry.sequence;
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
    List<BatchBuffer.Entry<M>> left;
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
    for (BatchBuffer.Entry<M> e : left) {
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
      BatchBuffer.Entry<M> head = awaitHead();
      if (head == null) {
        return;
      }
      try {
        sender.send(head.batch);
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
        if (sender.isPermanent(e)) {
          if (remove(head)) {
            listener.dropped(head.sequence, head.bytes, DeliveryListener.REJECTED);
          }
          LOG.warn(
              "reporter {}: batch {} rejected by the mapper: {}",
              reporter.getComponent(),
              head.sequence,
              e.toString());
          failures = 0;
          continue;
        }
        failures++;
        long delay = backoff.delayNanos(failures);
        listener.retrying(head.sequence, failures, delay, e);
        if (failures == 1) {
          LOG.warn(
              "reporter {}: delivering batch {} failed, retrying with backoff: {}",
              reporter.getComponent(),
              head.sequence,
              e.toString());
        }
        if (!pause(delay)) {
          return;
        }
      }
    }
  }

  private BatchBuffer.Entry<M> awaitHead() {
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

  private boolean remove(BatchBuffer.Entry<M> entry) {
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
