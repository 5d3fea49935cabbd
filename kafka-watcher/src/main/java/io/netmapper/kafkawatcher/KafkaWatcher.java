package io.netmapper.kafkawatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.common.health.HealthServer;
import io.netmapper.kafkawatcher.collect.AccessAggregator;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.collect.LineHandler;
import io.netmapper.kafkawatcher.deliver.KafkaReports;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import io.netmapper.kafkawatcher.source.BrokerDiscovery;
import io.netmapper.kafkawatcher.source.FileTailer;
import io.netmapper.kafkawatcher.source.LogStream;
import io.netmapper.kafkawatcher.source.PodLogStream;
import io.netmapper.kafkawatcher.source.StreamState;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's lifecycle: one log stream per broker (pod logs or a sidecar file), per-interval
 * aggregation, delivery to the mapper through the shared retry buffer, health and metrics.
 */
public final class KafkaWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaWatcher.class);
  static final String COMPONENT = "kafka-watcher";

  private final KafkaWatcherConfig config;
  private final KafkaWatcherMetrics metrics;
  private final KubernetesClient client;
  private final Clock clock;
  private final AccessAggregator aggregator;
  private final ReportDelivery<KafkaAccessReport> delivery;
  private final KafkaReports reports;
  private final Map<BrokerPod, Running> streams = new TreeMap<>();
  private ScheduledExecutorService scheduler;
  private HealthServer health;
  private volatile boolean started;

  private record Running(LogStream stream, Thread thread) {}

  /**
   * @param client the Kubernetes client (pod logs mode); may be null in file mode
   */
  public KafkaWatcher(
      KafkaWatcherConfig config,
      KafkaWatcherMetrics metrics,
      BatchSender<? super KafkaAccessReport> sender,
      KubernetesClient client,
      Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.client = client;
    this.clock = clock;
    this.aggregator = new AccessAggregator(config.aggregateMaxEntries(), metrics);
    this.delivery =
        new ReportDelivery<>(
            ReportDelivery.newReporter(COMPONENT, ""),
            config.delivery(),
            sender,
            metrics.delivery(),
            r -> {
              Thread t = new Thread(r, "kafka-watcher-delivery");
              t.setDaemon(true);
              return t;
            },
            RandomGenerator.getDefault());
    this.reports = new KafkaReports(delivery, config.batchMaxEntries());
    metrics.delivery().bufferGauges(delivery::bufferedBytes, delivery::bufferedBatches);
    if (!config.fileMode() && client == null) {
      throw new IllegalArgumentException("pod logs mode needs a Kubernetes client");
    }
  }

  /**
   * Binds the health port first (a clash stops the start), then starts delivery and the streams.
   */
  public void start() throws HealthServer.StartException {
    health =
        new HealthServer(
            COMPONENT,
            config.healthAddress(),
            config.healthPort(),
            this::healthy,
            this::healthText,
            metrics::scrape);
    LOG.info("kafka-watcher starting: {}", config.describe());
    delivery.start();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-watcher-report");
              t.setDaemon(true);
              return t;
            });
    long every = config.reportInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::flushSafely, every, every, TimeUnit.MILLISECONDS);
    if (config.fileMode()) {
      BrokerPod broker = config.brokers().get(0);
      startStream(
          new FileTailer(
              config.logFile().get(),
              handler(broker),
              config.filePollInterval(),
              config.maxLineBytes(),
              true,
              clock,
              s -> metrics.streamState(broker, s)));
    } else if (!config.brokers().isEmpty()) {
      config.brokers().forEach(b -> startStream(podStream(b)));
    } else {
      BrokerDiscovery discovery =
          new BrokerDiscovery(client, config.brokerSelector(), config.brokerNamespace());
      scheduler.scheduleWithFixedDelay(
          () -> discover(discovery),
          0,
          config.discoveryInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    }
    started = true;
  }

  private LineHandler handler(BrokerPod broker) {
    return new LineHandler(broker, config.logTimeZone(), aggregator, metrics);
  }

  private PodLogStream podStream(BrokerPod broker) {
    return new PodLogStream(
        client,
        handler(broker),
        config.brokerContainer(),
        config.maxLineBytes(),
        new PodLogStream.Timing(
            config.reconnectInitialBackoff(), config.reconnectMaxBackoff(), config.initialSince()),
        clock,
        s -> metrics.streamState(broker, s),
        (reason, n) -> {
          for (long i = 0; i < n; i++) {
            metrics.lineSkipped(broker, reason);
          }
        },
        reason -> metrics.reconnect(broker, reason));
  }

  private synchronized void startStream(LogStream stream) {
    metrics.streamState(stream.broker(), StreamState.STARTING);
    Thread t = new Thread(stream, "kafka-log-" + stream.broker());
    t.setDaemon(true);
    streams.put(stream.broker(), new Running(stream, t));
    t.start();
  }

  private void discover(BrokerDiscovery discovery) {
    Set<BrokerPod> found;
    try {
      found = discovery.list();
    } catch (RuntimeException e) {
      LOG.warn(
          "kafka-watcher: listing broker pods with selector '{}' failed: {}; retrying in {}",
          config.brokerSelector(),
          e.getMessage(),
          config.discoveryInterval());
      return;
    }
    synchronized (this) {
      for (BrokerPod b : found) {
        if (!streams.containsKey(b)) {
          LOG.info("broker {}: found by selector '{}'", b, config.brokerSelector());
          startStream(podStream(b));
        }
      }
      streams
          .entrySet()
          .removeIf(
              e -> {
                if (found.contains(e.getKey())) {
                  return false;
                }
                LOG.info(
                    "broker {}: no longer matches selector '{}', stopping its stream",
                    e.getKey(),
                    config.brokerSelector());
                e.getValue().stream().stop();
                try {
                  e.getValue().thread().join(2000);
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                }
                metrics.forget(e.getKey());
                return true;
              });
    }
  }

  private void flushSafely() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("kafka-watcher: building a report failed: {}", e.toString());
    }
  }

  /** Hands the accesses aggregated so far to delivery; returns the batches offered. */
  public int flush() {
    return reports.offer(aggregator.drain());
  }

  public boolean healthy() {
    return started && health != null;
  }

  /** One line per broker with its stream state. */
  String healthText() {
    StringBuilder b = new StringBuilder(healthy() ? "ok\n" : "starting\n");
    new TreeMap<>(metrics.streamStates())
        .forEach(
            (broker, state) ->
                b.append("broker ").append(broker).append(' ').append(state.label()).append('\n'));
    b.append("buffered batches ").append(delivery.bufferedBatches()).append('\n');
    return b.toString();
  }

  public Map<BrokerPod, StreamState> streamStates() {
    return metrics.streamStates();
  }

  public int healthPort() {
    return health.port();
  }

  @Override
  public void close() {
    started = false;
    synchronized (this) {
      streams.values().forEach(r -> r.stream().stop());
      for (Running r : streams.values()) {
        try {
          r.thread().join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      streams.clear();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    flushSafely();
    delivery.stop(Duration.ofSeconds(5));
    if (health != null) {
      health.close();
    }
    LOG.info("kafka-watcher stopped");
  }
}
