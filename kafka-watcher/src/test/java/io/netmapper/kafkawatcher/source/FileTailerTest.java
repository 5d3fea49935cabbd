package io.netmapper.kafkawatcher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmapper.kafkawatcher.collect.AccessAggregator;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.collect.KafkaAccessSeen;
import io.netmapper.kafkawatcher.collect.LineHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sidecar mode on a real file: appends, partial writes, rotation by rename, truncation, garbage.
 */
class FileTailerTest {
  static final BrokerPod BROKER = new BrokerPod("kafka", "kafka-0");

  @TempDir Path dir;
  final Map<String, AtomicInteger> malformed = new ConcurrentHashMap<>();
  final AtomicInteger read = new AtomicInteger();
  final List<KafkaAccessSeen> seen = new ArrayList<>();
  final AccessAggregator aggregator = new AccessAggregator(1000, reason -> {});
  Thread thread;
  FileTailer tailer;

  @AfterEach
  void stop() throws InterruptedException {
    if (tailer != null) {
      tailer.stop();
      thread.join(5000);
    }
  }

  void start(Path file) {
    LineHandler handler =
        new LineHandler(
            BROKER,
            ZoneOffset.UTC,
            aggregator,
            new LineHandler.Counters() {
              @Override
              public void lineRead(BrokerPod broker) {
                read.incrementAndGet();
              }

              @Override
              public void lineMatched(BrokerPod broker, boolean allowed, String resource) {}

              @Override
              public void lineMalformed(String reason) {
                malformed.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
              }
            });
    tailer =
        new FileTailer(
            file, handler, Duration.ofMillis(20), 4096, true, Clock.systemUTC(), s -> {});
    thread = new Thread(tailer, "tailer-test");
    thread.start();
  }

  /** Waits until the tailer has looked at the file twice more (once may be mid-pass). */
  private void awaitPassesAfter(long before) {
    await().atMost(Duration.ofSeconds(10)).until(() -> tailer.passes() >= before + 2);
  }

  static String line(String topic) {
    return "[2026-11-26 03:32:54,786] DEBUG Principal = User:ANONYMOUS is Allowed operation = WRITE from host = 10.244.1.5"
        + " on resource = Topic:LITERAL:"
        + topic
        + " for request = Produce with resourceRefCount = 1 based on rule"
        + " MatchingAcl(...) (kafka.authorizer.logger)\n";
  }

  static void append(Path file, String text) throws Exception {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  Map<String, Long> topics() {
    synchronized (seen) {
      seen.addAll(aggregator.drain());
      return seen.stream()
          .collect(
              Collectors.groupingBy(
                  a -> a.key().topic(), Collectors.summingLong(KafkaAccessSeen::count)));
    }
  }

  void awaitTopics(Map<String, Long> expected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> topics().equals(expected));
  }

  @Test
  void fileCreatedLater_lineWrittenInPieces_isReadOnceWhole() throws Exception {
    Path file = dir.resolve("authorizer.log");
    start(file);
    await().atMost(Duration.ofSeconds(5)).until(() -> tailer.state() == StreamState.WAITING);
    String l = line("orders");
    append(file, l.substring(0, 70));
    awaitPassesAfter(tailer.passes());
    assertThat(topics()).as("half a line is held back").isEmpty();
    append(file, l.substring(70));
    awaitTopics(Map.of("orders", 1L));
    assertThat(tailer.state()).isEqualTo(StreamState.STREAMING);
  }

  @Test
  void rotationByRename_readsTheOldFileToItsEnd_thenTheNewOneFromItsStart() throws Exception {
    Path file = dir.resolve("authorizer.log");
    append(file, line("a") + line("b"));
    start(file);
    awaitTopics(Map.of("a", 1L, "b", 1L));
    // log4j's RollingFileAppender: last lines, rename, new file
    append(file, line("c"));
    Files.move(file, dir.resolve("authorizer.log.1"));
    append(file, line("d") + line("e"));
    awaitTopics(Map.of("a", 1L, "b", 1L, "c", 1L, "d", 1L, "e", 1L));
    append(file, line("f"));
    awaitTopics(Map.of("a", 1L, "b", 1L, "c", 1L, "d", 1L, "e", 1L, "f", 1L));
  }

  @Test
  void truncation_restartsAtTheStart_andAnUnfinishedLineIsCountedAsPartial() throws Exception {
    Path file = dir.resolve("authorizer.log");
    append(file, line("a") + line("b") + line("c").substring(0, 50));
    start(file);
    awaitTopics(Map.of("a", 1L, "b", 1L));
    // copytruncate: the file is emptied in place, then written again
    Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    // the truncation is seen before the file grows again (copytruncate's order)
    awaitPassesAfter(tailer.passes());
    append(file, line("d"));
    awaitTopics(Map.of("a", 1L, "b", 1L, "d", 1L));
    assertThat(malformed.get("partial_line")).hasValue(1);
  }

  @Test
  void garbageBytesAndOverlongLines_areCountedAndSkipped_laterLinesStillRead() throws Exception {
    Path file = dir.resolve("authorizer.log");
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, '\n'};
    Files.write(file, garbage);
    append(
        file,
        "Principal = User:x is Allowed operation = WRITE from host = not-an-ip on resource = Topic:LITERAL:t for request = Produce\n");
    append(file, "x".repeat(10_000) + "\n");
    append(file, line("after").replace("\n", "\r\n"));
    start(file);
    awaitTopics(Map.of("after", 1L));
    assertThat(malformed.get("bad_host")).hasValue(1);
    assertThat(malformed.get("line_too_long")).hasValue(1);
    assertThat(read.get()).isEqualTo(4);
  }
}
