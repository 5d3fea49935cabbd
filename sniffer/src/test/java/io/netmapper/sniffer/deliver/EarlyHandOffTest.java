package io.netmapper.sniffer.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.MessageLite;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.sniffer.collect.Aggregator;
import io.netmapper.sniffer.collect.DnsAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A full aggregator hands its aggregate to delivery early; with a slow fake mapper that keeps up
 * nothing is lost, with one that does not the drops are counted and nothing else is lost.
 */
class EarlyHandOffTest {
  private static final int CAP = 500;
  private final ExecutorService flush = Executors.newSingleThreadExecutor();
  private final Map<String, AtomicInteger> dropped = new ConcurrentHashMap<>();
  private final Aggregator.Counters counters =
      new Aggregator.Counters() {
        @Override
        public void dropped(String kind, String reason) {
          dropped.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        }
      };

  @AfterEach
  void stop() {
    flush.shutdownNow();
  }

  /** A fake mapper: counts the answers of each batch it acknowledges. */
  private static final class SlowMapper implements BatchSender<MessageLite> {
    final AtomicLong answers = new AtomicLong();
    final CountDownLatch open;
    final long delayMillis;

    SlowMapper(CountDownLatch open, long delayMillis) {
      this.open = open;
      this.delayMillis = delayMillis;
    }

    @Override
    public void send(MessageLite batch) throws Exception {
      open.await();
      Thread.sleep(delayMillis); // slow, not timed: only the order of events matters
      answers.addAndGet(((DnsAnswerReport) batch).getAnswersCount());
    }
  }

  private ReportDelivery<MessageLite> delivery(SlowMapper mapper, int maxBatches) {
    return new ReportDelivery<>(
        ReportDelivery.newReporter("sniffer", "node-a"),
        new DeliveryConfig(maxBatches, 64 << 20, Duration.ofMillis(5), Duration.ofMillis(20), 2, 0),
        mapper,
        io.netmapper.common.deliver.DeliveryListener.NONE,
        r -> new Thread(r, "deliver-test"),
        new SplittableRandom(1));
  }

  private static DnsAnswer answer(int i) {
    return new DnsAnswer(
        "10.244.1." + (i % 100),
        1024 + i % 60000,
        i & 0xffff,
        "n" + i + ".example.test",
        List.of(),
        List.of("192.0.2.1"),
        30,
        i);
  }

  private int drops(String reason) {
    AtomicInteger n = dropped.get(reason);
    return n == null ? 0 : n.get();
  }

  @Test
  void mapperKeepsUp_tenCapsOfNewAnswersAreAllDelivered() {
    SlowMapper mapper = new SlowMapper(new CountDownLatch(0), 2);
    try (ReportDelivery<MessageLite> d = delivery(mapper, 1000)) {
      IntervalReporter reporter = new IntervalReporter(new ReportBuilder(100), d, flush);
      Aggregator aggregator = new Aggregator(CAP, CAP, counters, reporter);
      d.start();
      int total = 10 * CAP;
      for (int i = 0; i < total; i++) {
        if (i % CAP == CAP - 1) {
          // keeping up: the previous early aggregate is built before this one fills
          await().atMost(Duration.ofSeconds(10)).until(() -> idle(flush));
        }
        aggregator.dnsAnswer(answer(i));
        assertThat(aggregator.size()).isLessThanOrEqualTo(CAP);
      }
      reporter.report(aggregator.drain());
      await().atMost(Duration.ofSeconds(30)).until(() -> mapper.answers.get() == total);
      assertThat(dropped).isEmpty();
    }
  }

  @Test
  void mapperHangs_newAnswersBeyondDeliveryAreDroppedAsDeliveryFull_andCounted() {
    CountDownLatch open = new CountDownLatch(1);
    SlowMapper mapper = new SlowMapper(open, 1);
    int total = 10 * CAP;
    try (ReportDelivery<MessageLite> d = delivery(mapper, 10)) {
      IntervalReporter reporter = new IntervalReporter(new ReportBuilder(CAP), d, flush);
      Aggregator aggregator = new Aggregator(CAP, CAP, counters, reporter);
      d.start();
      for (int i = 0; i < total; i++) {
        if (i % CAP == CAP - 1) {
          await().atMost(Duration.ofSeconds(10)).until(() -> idle(flush));
        }
        aggregator.dnsAnswer(answer(i));
        assertThat(aggregator.size()).isLessThanOrEqualTo(CAP);
      }
      // delivery is half full (5 of 10 batches wait for the hung mapper): no more early batches
      assertThat(d.bufferedBatches()).isEqualTo(5);
      assertThat(drops(Aggregator.DELIVERY_FULL)).isPositive();
      reporter.report(aggregator.drain());
      open.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> d.bufferedBatches() == 0);
    }
    // every answer was either delivered or counted as dropped; none vanished
    assertThat(mapper.answers.get() + drops(Aggregator.DELIVERY_FULL)).isEqualTo(total);
    assertThat(mapper.answers.get()).isEqualTo(6L * CAP);
    assertThat(dropped.keySet()).containsExactly(Aggregator.DELIVERY_FULL);
  }

  private static boolean idle(ExecutorService executor) {
    try {
      return executor.submit(() -> {}).get(5, TimeUnit.SECONDS) == null;
    } catch (Exception e) {
      return false;
    }
  }
}
