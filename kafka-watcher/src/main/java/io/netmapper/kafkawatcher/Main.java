package io.netmapper.kafkawatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.telemetry.Telemetry;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point: reads the config, wires the watcher by hand, runs until SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() { }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    KafkaWatcherConfig.Flags flags = new KafkaWatcherConfig.Flags();
    CommandLine cmd = KafkaWatcherConfig.commandLine(flags, env);
    KafkaWatcherConfig config;
    try {
      cmd.parseArgs(args);
      if (cmd.isUsageHelpRequested()) {
        cmd.usage(System.out);
        return;
      }
      if (cmd.isVersionHelpRequested()) {
        System.out.println("kafka-watcher " + Main.class.getPackage().getImplementationVersion());
        return;
      }
      config = KafkaWatcherConfig.parse(args, env);
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      System.err.println("kafka-watcher: " + e.getMessage());
      System.exit(2);
      return;
    }
    Telemetry telemetry = Telemetry.start(KafkaWatcher.COMPONENT, config.telemetry());
    KubernetesClient client = config.fileMode() ? null : new KubernetesClientBuilder().build();
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    KafkaWatcher watcher = new KafkaWatcher(config, new KafkaWatcherMetrics(), sender, client, Clock.systemUTC());
    try {
      watcher.start();
    } catch (HealthServer.StartException e) {
      LOG.error("kafka-watcher cannot start: {}", e.getMessage());
      sender.close();
      if (client != null) {
        client.close();
      }
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      watcher.close();
      sender.close();
      if (client != null) {
        client.close();
      }
      telemetry.close();
      stopped.countDown();
    }, "kafka-watcher-shutdown"));
    stopped.await();
  }
}
