package io.netmapper.common.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.Reporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReportDeliveryTest {
  private static final Reporter REPORTER = ReportDelivery.newReporter("test", "node-1");

  /** Records listener events. */
  static class Events implements DeliveryListener {
    final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
    final AtomicInteger retries = new AtomicInteger();
    final List<Long> sent = new CopyOnWriteArrayList<>();

    @Override
    public void sent(long sequence, int bytes, int attempts) {
      sent.add(sequence);
    }

    @Override
    public void retrying(long sequence, int failures, long delayNanos, Exception failure) {
      retries.incrementAndGet();
    }

    @Override
    public void dropped(long sequence, int bytes, String reason) {
      drops.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    int drops(String reason) {
      AtomicInteger n = drops.get(reason);
      return n == null ? 0 : n.get();
    }
  }

  private static DeliveryConfig config(int maxBatches) {
    return new DeliveryConfig(
        maxBatches, 1 << 20, Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.2);
  }

  private static ReportDelivery<ConnectionReport> delivery(
      DeliveryConfig config, BatchSender<ConnectionReport> sender, Events events) {
    return new ReportDelivery<>(
        REPORTER,
        config,
        sender,
        events,
        r -> new Thread(r, "deliver-test"),
        new SplittableRandom(3));
  }

  private static long offer(ReportDelivery<ConnectionReport> delivery) {
    return delivery.offer(h -> ConnectionReport.newBuilder().setHeader(h).build());
  }

  @Test
  void offer_stampsIncreasingSequencesWithReporter() {
    List<ConnectionReport> received = new CopyOnWriteArrayList<>();
    Events events = new Events();
    try (ReportDelivery<ConnectionReport> d = delivery(config(10), received::add, events)) {
      d.start();
      offer(d);
      offer(d);
      offer(d);
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
    }
    assertThat(received).extracting(r -> r.getHeader().getSequence()).containsExactly(1L, 2L, 3L);
    assertThat(received)
        .allSatisfy(r -> assertThat(r.getHeader().getReporter()).isEqualTo(REPORTER));
    assertThat(events.sent).containsExactly(1L, 2L, 3L);
  }

  @Test
  void mapperDown_batchesAreKeptRetriedAndDeliveredInOrderLater() {
    AtomicBoolean up = new AtomicBoolean(false);
    List<Long> received = new CopyOnWriteArrayList<>();
    Events events = new Events();
    try (ReportDelivery<ConnectionReport> d =
        delivery(
            config(10),
            batch -> {
              if (!up.get()) {
                throw new IllegalStateException("UNAVAILABLE");
              }
              received.add(batch.getHeader().getSequence());
            },
            events)) {
      d.start();
      for (int i = 0; i < 4; i++) {
        offer(d);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.retries.get() >= 3);
      assertThat(d.bufferedBatches()).isEqualTo(4);
      assertThat(d.bufferedBytes()).isPositive();
      up.set(true);
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 4);
      assertThat(d.bufferedBatches()).isZero();
      assertThat(d.bufferedBytes()).isZero();
    }
    assertThat(received).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events.drops).isEmpty();
  }

  @Test
  void bufferFull_dropsOldestAndCountsThem_withoutBlockingProducer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Long> received = new CopyOnWriteArrayList<>();
    Events events = new Events();
    try (ReportDelivery<ConnectionReport> d =
        delivery(
            config(2),
            batch -> {
              if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timeout");
              }
              received.add(batch.getHeader().getSequence());
            },
            events)) {
      d.start();
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        offer(d);
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
      assertThat(events.drops(DeliveryListener.BUFFER_FULL)).isEqualTo(3);
      assertThat(d.bufferedBatches()).isEqualTo(2);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> d.bufferedBatches() == 0);
    }
    // batch 1 was in flight when evicted, the mapper got it anyway; 4 and 5 are the survivors
    assertThat(received).endsWith(4L, 5L);
  }

  @Test
  void permanentFailure_isDroppedAsRejectedAndNextBatchProceeds() {
    List<Long> received = new CopyOnWriteArrayList<>();
    Events events = new Events();
    BatchSender<ConnectionReport> sender =
        new BatchSender<>() {
          @Override
          public void send(ConnectionReport batch) {
            if (batch.getHeader().getSequence() == 1) {
              throw new IllegalArgumentException("INVALID_ARGUMENT");
            }
            received.add(batch.getHeader().getSequence());
          }

          @Override
          public boolean isPermanent(Exception failure) {
            return failure instanceof IllegalArgumentException;
          }
        };
    try (ReportDelivery<ConnectionReport> d = delivery(config(10), sender, events)) {
      d.start();
      offer(d);
      offer(d);
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    }
    assertThat(received).containsExactly(2L);
    assertThat(events.drops(DeliveryListener.REJECTED)).isEqualTo(1);
    assertThat(events.retries.get()).isZero();
  }

  @Test
  void stop_countsUndeliveredBatchesAsStopped() {
    Events events = new Events();
    ReportDelivery<ConnectionReport> d =
        delivery(
            config(10),
            batch -> {
              throw new IllegalStateException("down");
            },
            events);
    d.start();
    offer(d);
    offer(d);
    d.stop(Duration.ofMillis(50));
    assertThat(events.drops(DeliveryListener.STOPPED)).isEqualTo(2);
    assertThat(d.bufferedBatches()).isZero();
  }
}
