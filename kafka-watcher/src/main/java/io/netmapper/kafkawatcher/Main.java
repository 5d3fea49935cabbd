package io.netmapper.kafkawatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.run.ComponentMain;
import io.netmapper.common.telemetry.Telemetry;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: reads the config, wires the watcher by hand, runs until SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    KafkaWatcherConfig config =
        ComponentMain.parseOrExit(
                KafkaWatcher.COMPONENT,
                KafkaWatcherConfig.commandLine(new KafkaWatcherConfig.Flags(), env),
                args,
                () -> KafkaWatcherConfig.parse(args, env))
            .orElse(null);
    if (config == null) {
      return;
    }
    Telemetry telemetry = Telemetry.start(KafkaWatcher.COMPONENT, config.telemetry());
    KubernetesClient client = config.fileMode() ? null : new KubernetesClientBuilder().build();
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    KafkaWatcher watcher =
        new KafkaWatcher(config, new KafkaWatcherMetrics(), sender, client, Clock.systemUTC());
    try {
      watcher.start();
    } catch (HealthServer.StartException e) {
      LOG.error("kafka-watcher cannot start: {}", e.getMessage());
      ComponentMain.closeAll(sender, client, telemetry);
      System.exit(1);
      return;
    }
    ComponentMain.runUntilStopped(KafkaWatcher.COMPONENT, watcher, sender, client, telemetry);
  }
}
