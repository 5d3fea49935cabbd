package io.netmapper.common.reporter;

import com.google.protobuf.MessageLite;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.deliver.DeliveryListener;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.run.DaemonThreads;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a reporter that is the same in every reporter: it binds the health server, runs
 * delivery to the mapper, calls the reporter's flush on a schedule, answers {@code /healthz}, and
 * closes everything in one order. The reporter supplies only what is its own: its sources (started
 * and stopped through {@link Sources}), its flush, its readiness and its health lines.
 *
 * <p>Start: health port bound (a clash fails the start, naming the port), delivery started, flush
 * scheduled, sources started, then healthy. Close: unhealthy, schedule stopped (a running flush
 * finishes first), sources stopped, one last flush (when the schedule asks for it), delivery
 * drained, health server closed.
 *
 * @param <M> the report message kind(s) this reporter sends
 */
public final class ReporterRuntime<M extends MessageLite> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReporterRuntime.class);

  /** The reporter's own sources (log streams, scrapers, listeners). */
  public interface Sources {
    /**
     * Starts the sources; called once the health port is bound and delivery runs.
     *
     * @param scheduler the runtime's scheduler, for the reporter's own periodic work
     */
    void start(ScheduledExecutorService scheduler) throws InterruptedException;

    /** Stops the sources; nothing new is gathered afterwards. Called once, at close. */
    void stop();
  }

  private final String component;
  private final ReporterSettings settings;
  private final Builder<M> b;
  private final ReportDelivery<M> delivery;
  private final ScheduledExecutorService scheduler;
  private volatile HealthServer health;
  private volatile boolean started;
  private boolean closed;

  private ReporterRuntime(Builder<M> b) {
    this.b = b;
    this.component = b.component;
    this.settings = b.settings;
    this.delivery =
        new ReportDelivery<>(
            ReportDelivery.newReporter(component, b.nodeName),
            settings.delivery(),
            b.sender,
            b.listener,
            DaemonThreads.named(component + "-deliver"),
            b.random);
    this.scheduler =
        b.scheduler != null
            ? b.scheduler
            : Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named(component + "-schedule"));
  }

  /**
   * @param component e.g. {@code kafka-watcher}: names the reporter, its threads and log lines
   * @param sender where batches go (gRPC to the mapper, or in-process)
   * @param listener the delivery metrics
   */
  public static <M extends MessageLite> Builder<M> builder(
      String component,
      ReporterSettings settings,
      BatchSender<? super M> sender,
      DeliveryListener listener) {
    return new Builder<>(component, settings, sender, listener);
  }

  /** Where the reporter offers its batches (one sequence for every report kind it sends). */
  public ReportDelivery<M> delivery() {
    return delivery;
  }

  /**
   * Binds the health port, starts delivery, schedules the flush, starts the sources.
   *
   * @throws HealthServer.StartException the health port cannot be bound (the message names it)
   */
  public void start() throws HealthServer.StartException, InterruptedException {
    if (b.serveHealth) {
      health =
          new HealthServer(
              component,
              settings.healthAddress(),
              settings.healthPort(),
              this::healthy,
              this::healthText,
              b.metrics);
    }
    LOG.info("{} starting: {}", component, b.describe.get());
    delivery.start();
    if (b.every != null) {
      scheduler.scheduleWithFixedDelay(
          this::flushSafely, b.firstAfter.toMillis(), b.every.toMillis(), TimeUnit.MILLISECONDS);
    }
    b.sources.start(scheduler);
    started = true;
  }

  /** Calls the reporter's flush; a failure is logged and the next interval tries again. */
  void flushSafely() {
    try {
      int entries = b.flush.getAsInt();
      LOG.debug("{}: report cycle handed {} entries to delivery", component, entries);
    } catch (RuntimeException e) {
      LOG.warn("{}: report cycle failed: {}", component, e.toString());
    }
  }

  /** Started, not closed, and the reporter says it is ready. */
  public boolean healthy() {
    return started && b.ready.getAsBoolean();
  }

  /**
   * The {@code /healthz} body: {@code ok} or {@code starting}, the reporter's own lines, the
   * batches waiting for the mapper.
   */
  public String healthText() {
    StringBuilder out = new StringBuilder(healthy() ? "ok\n" : "starting\n");
    b.healthLines.accept(out);
    out.append("buffered batches ").append(delivery.bufferedBatches()).append('\n');
    return out.toString();
  }

  /** The bound health port (differs from the settings when they asked for port 0). */
  public int healthPort() {
    HealthServer h = health;
    if (h == null) {
      throw new IllegalStateException(component + ": no health server (not started or embedded)");
    }
    return h.port();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    started = false;
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(b.stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{}: scheduled work did not stop within {}", component, b.stopWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      b.sources.stop();
    } catch (RuntimeException e) {
      LOG.warn("{}: stopping its sources failed: {}", component, e.toString());
    }
    if (b.flushAtClose) {
      flushSafely();
    }
    delivery.stop(b.drain);
    if (health != null) {
      health.close();
    }
    LOG.info("{} stopped", component);
  }

  /** How a reporter plugs into the runtime; everything but the sources has a default. */
  public static final class Builder<M extends MessageLite> {
    private final String component;
    private final ReporterSettings settings;
    private final BatchSender<? super M> sender;
    private final DeliveryListener listener;
    private String nodeName = "";
    private Supplier<String> describe = () -> "";
    private Supplier<String> metrics = () -> "";
    private boolean serveHealth = true;
    private Duration every;
    private Duration firstAfter;
    private boolean flushAtClose;
    private IntSupplier flush = () -> 0;
    private BooleanSupplier ready = () -> true;
    private Consumer<StringBuilder> healthLines = out -> {};
    private Sources sources;
    private ScheduledExecutorService scheduler;
    private RandomGenerator random = RandomGenerator.getDefault();
    private Duration drain = Duration.ofSeconds(5);
    private Duration stopWait = Duration.ofSeconds(5);

    private Builder(
        String component,
        ReporterSettings settings,
        BatchSender<? super M> sender,
        DeliveryListener listener) {
      this.component = Objects.requireNonNull(component, "component");
      this.settings = Objects.requireNonNull(settings, "settings");
      this.sender = Objects.requireNonNull(sender, "sender");
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Reports name this node (node agents); empty for cluster-wide reporters. */
    public Builder<M> nodeName(String nodeName) {
      this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
      return this;
    }

    /** The start log line's detail (the config's one-line summary). */
    public Builder<M> describe(Supplier<String> describe) {
      this.describe = Objects.requireNonNull(describe, "describe");
      return this;
    }

    /** The {@code /metrics} body (Prometheus text). */
    public Builder<M> metrics(Supplier<String> metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Whether the runtime serves {@code /healthz} and {@code /metrics} itself (default). False when
     * the reporter runs inside another component that serves its own (the Istio watcher in the
     * mapper).
     */
    public Builder<M> serveHealth(boolean serve) {
      this.serveHealth = serve;
      return this;
    }

    /**
     * Aggregate-and-report: {@code flush} runs every {@code interval}, first after one interval,
     * and once more at close so the last interval's observations are sent.
     */
    public Builder<M> flushEvery(Duration interval, IntSupplier flush) {
      return schedule(interval, interval, true, flush);
    }

    /**
     * Poll-and-report: {@code cycle} runs at once and then every {@code interval}; not at close (a
     * poll while stopping would only half-run).
     */
    public Builder<M> cycleEvery(Duration interval, IntSupplier cycle) {
      return schedule(interval, Duration.ZERO, false, cycle);
    }

    private Builder<M> schedule(
        Duration interval, Duration first, boolean atClose, IntSupplier task) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException(component + ": interval must be positive");
      }
      this.every = interval;
      this.firstAfter = first;
      this.flushAtClose = atClose;
      this.flush = Objects.requireNonNull(task, "task");
      return this;
    }

    /** Readiness beyond "started" (e.g. an informer has synced). */
    public Builder<M> ready(BooleanSupplier ready) {
      this.ready = Objects.requireNonNull(ready, "ready");
      return this;
    }

    /** Appends the reporter's own {@code /healthz} lines, each ending in a newline. */
    public Builder<M> healthLines(Consumer<StringBuilder> lines) {
      this.healthLines = Objects.requireNonNull(lines, "lines");
      return this;
    }

    /** The reporter's sources, started last and stopped first. */
    public Builder<M> sources(Sources sources) {
      this.sources = Objects.requireNonNull(sources, "sources");
      return this;
    }

    /** The scheduler for the flush and the reporter's periodic work; tests pass a manual one. */
    public Builder<M> scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Backoff jitter's source. */
    public Builder<M> random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * How long close waits for a running flush or cycle ({@code stopWait}) and for buffered batches
     * to reach the mapper ({@code drain}). Defaults: 5 s each.
     */
    public Builder<M> stopTimeouts(Duration stopWait, Duration drain) {
      this.stopWait = Objects.requireNonNull(stopWait, "stopWait");
      this.drain = Objects.requireNonNull(drain, "drain");
      return this;
    }

    public ReporterRuntime<M> build() {
      if (sources == null) {
        throw new IllegalStateException(component + ": sources not set");
      }
      return new ReporterRuntime<>(this);
    }
  }
}
