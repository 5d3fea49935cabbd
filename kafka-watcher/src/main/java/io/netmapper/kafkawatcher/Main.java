package io.netmapper.kafkawatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.run.ComponentMain;
import io.netmapper.common.telemetry.Telemetry;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Entry point: reads the config, wires the watcher by hand, runs until SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Optional<KafkaWatcherConfig> parsed =
        ComponentMain.parseOrExit(
            KafkaWatcher.COMPONENT,
            KafkaWatcherConfig.commandLine(new KafkaWatcherConfig.Flags(), env),
            args,
            () -> KafkaWatcherConfig.parse(args, env));
    if (parsed.isEmpty()) {
      return;
    }
    KafkaWatcherConfig config = parsed.get();
    Telemetry telemetry = Telemetry.start(KafkaWatcher.COMPONENT, config.telemetry());
    KubernetesClient client = config.fileMode() ? null : new KubernetesClientBuilder().build();
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    KafkaWatcher watcher =
        new KafkaWatcher(config, new KafkaWatcherMetrics(), sender, client, Clock.systemUTC());
    ComponentMain.run(KafkaWatcher.COMPONENT, watcher::start, watcher, sender, client, telemetry);
  }
}
