package io.netmapper.kafkawatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.reporter.ReporterRuntime;
import io.netmapper.common.run.DaemonThreads;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
  private final ReporterRuntime<KafkaAccessReport> runtime;
  private final KafkaReports reports;
  private final ThreadFactory streamThreads = DaemonThreads.named("kafka-log");
  private final Map<BrokerPod, Running> streams = new TreeMap<>();

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
    if (!config.fileMode() && client == null) {
      throw new IllegalArgumentException("pod logs mode needs a Kubernetes client");
    }
    this.config = config;
    this.metrics = metrics;
    this.client = client;
    this.clock = clock;
    this.aggregator = new AccessAggregator(config.aggregateMaxEntries(), metrics);
    this.runtime =
        ReporterRuntime.<KafkaAccessReport>builder(
                COMPONENT, config.reporter(), sender, metrics.delivery())
            .describe(config::describe)
            .metrics(metrics::scrape)
            .flushEvery(config.reportInterval(), this::flush)
            .healthLines(this::healthLines)
            .sources(new Streams())
            .build();
    ReportDelivery<KafkaAccessReport> delivery = runtime.delivery();
    this.reports = new KafkaReports(delivery, config.batchMaxEntries());
    metrics.delivery().bufferGauges(delivery::bufferedBytes, delivery::bufferedBatches);
  }

  /**
   * Binds the health port first (a clash stops the start), then starts delivery and the streams.
   */
  public void start() throws HealthServer.StartException, InterruptedException {
    runtime.start();
  }

  /** The broker log streams: a file, named brokers, or brokers found by a selector. */
  private final class Streams implements ReporterRuntime.Sources {
    @Override
    public void start(ScheduledExecutorService scheduler) {
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
    }

    @Override
    public void stop() {
      synchronized (KafkaWatcher.this) {
        streams.values().forEach(r -> r.stream().stop());
        for (Running r : streams.values()) {
          join(r.thread());
        }
        streams.clear();
      }
    }
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
    Thread t = streamThreads.newThread(stream);
    t.setName("kafka-log-" + stream.broker());
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
                join(e.getValue().thread());
                metrics.forget(e.getKey());
                return true;
              });
    }
  }

  private static void join(Thread t) {
    try {
      t.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hands the accesses aggregated so far to delivery; returns the batches offered. */
  public int flush() {
    return reports.offer(aggregator.drain());
  }

  public boolean healthy() {
    return runtime.healthy();
  }

  /** The /healthz body: one line per broker with its stream state. */
  String healthText() {
    return runtime.healthText();
  }

  private void healthLines(StringBuilder b) {
    new TreeMap<>(metrics.streamStates())
        .forEach(
            (broker, state) ->
                b.append("broker ").append(broker).append(' ').append(state.label()).append('\n'));
  }

  public Map<BrokerPod, StreamState> streamStates() {
    return metrics.streamStates();
  }

  public int healthPort() {
    return runtime.healthPort();
  }

  /** Stops the streams, sends what they read last, closes delivery and the health server. */
  @Override
  public void close() {
    runtime.close();
  }
}
