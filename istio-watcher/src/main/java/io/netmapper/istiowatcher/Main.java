package io.netmapper.istiowatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.telemetry.Telemetry;
import io.netmapper.common.deliver.GrpcReportSender;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Standalone entry point: reads the config, wires the watcher by hand with a gRPC sender to the
 * mapper and its own {@code /healthz} + {@code /metrics}, runs until SIGTERM. (The mapper runs the
 * same watcher in-process with {@code --istio-enabled}.)
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() { }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    IstioWatcherConfig.Flags flags = new IstioWatcherConfig.Flags();
    CommandLine cmd = IstioWatcherConfig.commandLine(flags, env);
    IstioWatcherConfig config;
    try {
      cmd.parseArgs(args);
      if (cmd.isUsageHelpRequested()) {
        cmd.usage(System.out);
        return;
      }
      if (cmd.isVersionHelpRequested()) {
        System.out.println("istio-watcher " + Main.class.getPackage().getImplementationVersion());
        return;
      }
      config = IstioWatcherConfig.parse(args, env);
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      System.err.println("istio-watcher: " + e.getMessage());
      System.exit(2);
      return;
    }
    Telemetry telemetry = Telemetry.start(IstioWatcher.COMPONENT, config.telemetry());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    IstioWatcher watcher = new IstioWatcher(config, registry, sender, client, Clock.systemUTC());
    HealthServer health;
    try {
      health = new HealthServer(IstioWatcher.COMPONENT, config.healthAddress(), config.healthPort(), watcher::healthy,
          watcher::healthText, registry::scrape);
    } catch (HealthServer.StartException e) {
      LOG.error("istio-watcher cannot start: {}", e.getMessage());
      sender.close();
      client.close();
      System.exit(1);
      return;
    }
    LOG.info("istio-watcher reporting to mapper={} health={}:{}", config.mapperAddress(), config.healthAddress(),
        health.port());
    watcher.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      watcher.close();
      health.close();
      sender.close();
      client.close();
      telemetry.close();
      stopped.countDown();
    }, "istio-watcher-shutdown"));
    stopped.await();
  }
}
