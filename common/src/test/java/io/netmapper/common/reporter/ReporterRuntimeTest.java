package io.netmapper.common.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.deliver.DeliveryListener;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.telemetry.TelemetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The runtime's schedule, health text and close order, on virtual time (no sleeps). */
class ReporterRuntimeTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final DeliveryListener quiet =
      new DeliveryListener() {
        @Override
        public void sent(long sequence, int bytes, int attempts) {}

        @Override
        public void retrying(long sequence, int failures, long delayNanos, Exception failure) {}

        @Override
        public void dropped(long sequence, int bytes, String reason) {
          events.add("dropped " + sequence + " " + reason);
        }
      };

  static ReporterSettings settings(int healthPort) {
    return new ReporterSettings(
        "unused:1",
        "127.0.0.1",
        healthPort,
        100,
        DeliveryConfig.defaults(),
        Duration.ofSeconds(5),
        TelemetryConfig.disabled());
  }

  /** Sources that record their start and stop (and whether the schedule had stopped by then). */
  final class RecordingSources implements ReporterRuntime.Sources {
    ScheduledExecutorService given;

    @Override
    public void start(ScheduledExecutorService s) {
      given = s;
      events.add("sources started");
    }

    @Override
    public void stop() {
      events.add("sources stopped, schedule " + (scheduler.isShutdown() ? "stopped" : "running"));
    }
  }

  ReporterRuntime.Builder<KafkaAccessReport> builder(BatchSender<KafkaAccessReport> sender) {
    return ReporterRuntime.<KafkaAccessReport>builder("test-reporter", settings(0), sender, quiet)
        .scheduler(scheduler)
        .serveHealth(false)
        .sources(new RecordingSources());
  }

  @Test
  void flushEvery_runsAfterEachInterval_andAFailingFlushDoesNotStopTheSchedule() throws Exception {
    AtomicInteger flushes = new AtomicInteger();
    ReporterRuntime<KafkaAccessReport> runtime =
        builder(batch -> {})
            .flushEvery(
                Duration.ofSeconds(10),
                () -> {
                  if (flushes.incrementAndGet() == 2) {
                    throw new IllegalStateException("aggregate broken");
                  }
                  return 0;
                })
            .build();
    runtime.start();
    scheduler.advance(Duration.ofSeconds(9));
    assertThat(flushes).hasValue(0);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(flushes).hasValue(1);
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(flushes).hasValue(4);
    runtime.close();
    assertThat(flushes).as("one more flush at close").hasValue(5);
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(flushes).hasValue(5);
  }

  @Test
  void cycleEvery_runsAtOnce_andNotAtClose() throws Exception {
    AtomicInteger cycles = new AtomicInteger();
    ReporterRuntime<KafkaAccessReport> runtime =
        builder(batch -> {}).cycleEvery(Duration.ofSeconds(15), cycles::incrementAndGet).build();
    runtime.start();
    scheduler.advance(Duration.ZERO);
    assertThat(cycles).hasValue(1);
    scheduler.advance(Duration.ofSeconds(15));
    assertThat(cycles).hasValue(2);
    runtime.close();
    assertThat(cycles).hasValue(2);
  }

  @Test
  void sources_getTheRuntimesScheduler_forTheirOwnPeriodicWork() throws Exception {
    RecordingSources sources = new RecordingSources();
    ReporterRuntime<KafkaAccessReport> runtime = builder(batch -> {}).sources(sources).build();
    runtime.start();
    assertThat(sources.given).isSameAs(scheduler);
    runtime.close();
  }

  @Test
  void close_stopsScheduleThenSources_flushesOnce_drainsDelivery_thenClosesHealth()
      throws Exception {
    AtomicInteger port = new AtomicInteger();
    ReporterRuntime<KafkaAccessReport>[] holder = new ReporterRuntime[1];
    BatchSender<KafkaAccessReport> sender =
        batch ->
            events.add(
                "sent "
                    + batch.getHeader().getSequence()
                    + ", health "
                    + (accepts(port.get()) ? "open" : "closed"));
    ReporterRuntime<KafkaAccessReport> runtime =
        builder(sender)
            .serveHealth(true)
            .flushEvery(
                Duration.ofSeconds(10),
                () -> {
                  events.add("flush");
                  holder[0]
                      .delivery()
                      .offer(h -> KafkaAccessReport.newBuilder().setHeader(h).build());
                  return 1;
                })
            .build();
    holder[0] = runtime;
    runtime.start();
    port.set(runtime.healthPort());
    assertThat(events).containsExactly("sources started");
    runtime.close();
    assertThat(events)
        .containsExactly(
            "sources started", "sources stopped, schedule stopped", "flush", "sent 1, health open");
    assertThat(accepts(port.get())).as("health server closed last").isFalse();
    runtime.close();
    assertThat(events).as("a second close does nothing").hasSize(4);
  }

  @Test
  void healthText_statusLine_reportersLines_bufferedBatches_andServedOnHealthz() throws Exception {
    AtomicBoolean synced = new AtomicBoolean(false);
    ReporterRuntime<KafkaAccessReport> runtime =
        builder(batch -> {})
            .serveHealth(true)
            .ready(synced::get)
            .healthLines(out -> out.append("sidecars 2\n"))
            .metrics(() -> "test_metric 1.0\n")
            .build();
    assertThat(runtime.healthy()).isFalse();
    assertThat(runtime.healthText()).isEqualTo("starting\nsidecars 2\nbuffered batches 0\n");
    runtime.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> notReady = get(http, runtime, "/healthz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("starting\nsidecars 2\nbuffered batches 0\n");
    synced.set(true);
    HttpResponse<String> ready = get(http, runtime, "/healthz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ok\nsidecars 2\nbuffered batches 0\n");
    assertThat(get(http, runtime, "/metrics").body()).isEqualTo("test_metric 1.0\n");
    runtime.close();
    assertThat(runtime.healthy()).isFalse();
  }

  @Test
  void healthPortInUse_failsTheStartNamingThePort_andCloseStillWorks() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ReporterRuntime<KafkaAccessReport> runtime =
          ReporterRuntime.<KafkaAccessReport>builder(
                  "test-reporter", settings(taken.getLocalPort()), batch -> {}, quiet)
              .scheduler(scheduler)
              .sources(new RecordingSources())
              .build();
      assertThatThrownBy(runtime::start)
          .isInstanceOf(HealthServer.StartException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("--health-port");
      assertThat(events).as("sources not started").isEmpty();
      runtime.close();
      assertThat(events).containsExactly("sources stopped, schedule stopped");
    }
  }

  @Test
  void embedded_hasNoHealthServer() throws Exception {
    ReporterRuntime<KafkaAccessReport> runtime = builder(batch -> {}).build();
    runtime.start();
    assertThat(runtime.healthy()).isTrue();
    assertThatThrownBy(runtime::healthPort).hasMessageContaining("no health server");
    runtime.close();
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> get(HttpClient http, ReporterRuntime<?> runtime, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.healthPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
