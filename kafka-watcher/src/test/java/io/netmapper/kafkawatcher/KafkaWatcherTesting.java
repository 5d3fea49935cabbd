package io.netmapper.kafkawatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Builds watchers for tests in other packages, with fast timings and a capturing sender. */
public final class KafkaWatcherTesting {
  private KafkaWatcherTesting() {}

  /**
   * A started pod-logs watcher whose reports go to {@code sink}; long report interval (tests call
   * flush).
   */
  public static KafkaWatcher podLogsWatcher(
      KubernetesClient client,
      List<String> brokers,
      KafkaWatcherMetrics metrics,
      Consumer<KafkaAccessReport> sink)
      throws Exception {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "NETMAPPER_MAPPER_ADDRESS", "unused:1",
                "NETMAPPER_BROKERS", String.join(",", brokers),
                "NETMAPPER_HEALTH_ADDRESS", "127.0.0.1",
                "NETMAPPER_HEALTH_PORT", "0",
                "NETMAPPER_REPORT_INTERVAL", "PT1H",
                "NETMAPPER_RECONNECT_INITIAL_BACKOFF", "PT0.1S",
                "NETMAPPER_RECONNECT_MAX_BACKOFF", "PT0.2S",
                "NETMAPPER_TELEMETRY_ENABLED", "false"));
    KafkaWatcher w =
        new KafkaWatcher(
            KafkaWatcherConfig.parse(new String[0], env),
            metrics,
            sink::accept,
            client,
            Clock.systemUTC());
    w.start();
    return w;
  }
}
