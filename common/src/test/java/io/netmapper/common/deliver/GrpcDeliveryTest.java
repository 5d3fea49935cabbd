package io.netmapper.common.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.MessageLite;
import io.grpc.Status;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionReport;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared delivery with the real gRPC sender against a real gRPC ReportService on loopback. */
class GrpcDeliveryTest {
  private static final int LIMIT = 64 << 10;

  /** Listener events: delays asked for, drops by reason. */
  static final class Events extends ReportDeliveryTest.Events {
    final List<Long> delays = new CopyOnWriteArrayList<>();

    @Override
    public void retrying(long sequence, int failures, long delayNanos, Exception failure) {
      super.retrying(sequence, failures, delayNanos, failure);
      delays.add(delayNanos);
    }
  }

  private static ReportDelivery<MessageLite> delivery(
      GrpcReportSender sender, Events events, Duration initial, Duration max) {
    return new ReportDelivery<>(
        ReportDelivery.newReporter("test", "node-a"),
        new DeliveryConfig(100, 8 << 20, initial, max, 2.0, 0.0),
        sender,
        events,
        r -> new Thread(r, "deliver-test"),
        new SplittableRandom(1));
  }

  /** A batch of {@code connections} connections (~30 bytes each). */
  private static long offer(ReportDelivery<MessageLite> d, int connections) {
    return d.offer(
        h -> {
          ConnectionReport.Builder b = ConnectionReport.newBuilder().setHeader(h);
          for (int i = 0; i < connections; i++) {
            b.addConnections(
                Connection.newBuilder()
                    .setClientIp("192.0.2.10")
                    .setClientPort(1024 + i % 60000)
                    .setServerIp("192.0.2.20")
                    .setServerPort(443));
          }
          return b.build();
        });
  }

  @Test
  void batchOverTheMappersLimit_isDroppedAtOnceAsTooLarge_andDoesNotBlockTheNext() {
    Events events = new Events();
    try (TestMapper mapper = new TestMapper(LIMIT).start();
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(5));
        ReportDelivery<MessageLite> d =
            delivery(sender, events, Duration.ofMillis(20), Duration.ofMillis(100))) {
      d.start();
      long big = offer(d, 5_000); // ~150 KB, over the server's 64 KiB
      long small = offer(d, 10);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> mapper.accepted.contains(small) && d.bufferedBatches() == 0);
      assertThat(mapper.accepted).doesNotContain(big);
      assertThat(events.drops(DeliveryListener.TOO_LARGE)).isEqualTo(1);
      // the server resets the stream of an oversize message; when the client sees the reset
      // before the status (it happens on a loaded machine) that attempt is retried once
      assertThat(events.retries.get()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void invalidArgument_isDroppedAsRejected_andTheNextIsDelivered() {
    Events events = new Events();
    try (TestMapper mapper = new TestMapper(LIMIT);
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(5));
        ReportDelivery<MessageLite> d =
            delivery(sender, events, Duration.ofMillis(20), Duration.ofMillis(100))) {
      mapper
          .answer(
              r ->
                  r.getHeader().getSequence() == 1
                      ? Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException()
                      : null)
          .start();
      d.start();
      offer(d, 1);
      offer(d, 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> mapper.accepted.contains(2L));
      assertThat(events.drops(DeliveryListener.REJECTED)).isEqualTo(1);
      assertThat(events.retries.get()).isZero();
    }
  }

  @Test
  void overCapacityWithRetryAfter_keepsTheBatchAndWaitsTheAskedDelay() {
    Events events = new Events();
    try (TestMapper mapper = new TestMapper(LIMIT);
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(5));
        ReportDelivery<MessageLite> d =
            delivery(sender, events, Duration.ofMillis(20), Duration.ofSeconds(2))) {
      mapper.answer(r -> mapper.refused.size() < 2 ? TestMapper.overCapacity(150) : null).start();
      d.start();
      offer(d, 10);
      offer(d, 10);
      await().atMost(Duration.ofSeconds(10)).until(() -> mapper.accepted.size() == 2);
      assertThat(mapper.refused).containsExactly(1L, 1L);
      assertThat(mapper.accepted).containsExactly(1L, 2L);
      // the mapper's delay, not the reporter's 20 ms backoff
      assertThat(events.delays).containsExactly(150_000_000L, 150_000_000L);
      assertThat(events.drops).isEmpty();
    }
  }

  @Test
  void retryAfterLongerThanMaxBackoff_isCappedAtMaxBackoff() {
    Events events = new Events();
    try (TestMapper mapper = new TestMapper(LIMIT);
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(5));
        ReportDelivery<MessageLite> d =
            delivery(sender, events, Duration.ofMillis(20), Duration.ofMillis(100))) {
      mapper.answer(r -> mapper.refused.isEmpty() ? TestMapper.overCapacity(600_000) : null);
      mapper.start();
      d.start();
      offer(d, 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> mapper.accepted.size() == 1);
      assertThat(events.delays).containsExactly(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /**
   * The channel's own reconnect backoff (1 s growing 1.6x) used to outlast the reporter's retry
   * interval: after the mapper came back, attempts kept failing fast for many intervals.
   */
  @Test
  void mapperStoppedThenStarted_theFirstAttemptAfterItsReturnDelivers() {
    Events events = new Events();
    try (TestMapper mapper = new TestMapper(LIMIT);
        GrpcReportSender sender = new GrpcReportSender(mapper.target(), Duration.ofSeconds(5));
        ReportDelivery<MessageLite> d =
            delivery(sender, events, Duration.ofMillis(50), Duration.ofMillis(100))) {
      mapper.start();
      d.start();
      offer(d, 1);
      // acknowledged, not only received: a stop before the ack reaches us would make it a retry
      await().atMost(Duration.ofSeconds(10)).until(() -> d.bufferedBatches() == 0);
      mapper.stop();
      offer(d, 1);
      offer(d, 1);
      // long enough for the channel's reconnect backoff to grow past several retry intervals
      await().atMost(Duration.ofSeconds(30)).until(() -> events.retries.get() >= 40);
      assertThat(d.bufferedBatches()).isEqualTo(2);
      mapper.start();
      int retriesAtReturn = events.retries.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> mapper.accepted.size() == 3);
      // at most the attempts already under way when the server came back failed (one, and on a
      // loaded machine one whose failure is reported just after); with the channel's own
      // reconnect backoff (>= 1 s against a 100 ms retry interval) it was many more
      assertThat(events.retries.get() - retriesAtReturn).isLessThanOrEqualTo(2);
      assertThat(mapper.accepted).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void budget_isTheConfiguredBytesAtMostAQuarterOfTheHeap() {
    assertThat(ReportDelivery.budget(32L << 20, 32L << 20)).isEqualTo(8L << 20);
    assertThat(ReportDelivery.budget(4L << 20, 1L << 30)).isEqualTo(4L << 20);
    assertThat(ReportDelivery.budget(4L << 20, Long.MAX_VALUE)).isEqualTo(4L << 20);
  }
}
