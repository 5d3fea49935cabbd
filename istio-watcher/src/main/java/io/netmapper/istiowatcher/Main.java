package io.netmapper.istiowatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.run.ComponentMain;
import io.netmapper.common.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone entry point: reads the config, wires the watcher by hand with a gRPC sender to the
 * mapper and its own {@code /healthz} + {@code /metrics}, runs until SIGTERM. (The mapper runs the
 * same watcher in-process with {@code --istio-enabled}.)
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    IstioWatcherConfig config =
        ComponentMain.parseOrExit(
                IstioWatcher.COMPONENT,
                IstioWatcherConfig.commandLine(new IstioWatcherConfig.Flags(), env),
                args,
                () -> IstioWatcherConfig.parse(args, env))
            .orElse(null);
    if (config == null) {
      return;
    }
    Telemetry telemetry = Telemetry.start(IstioWatcher.COMPONENT, config.telemetry());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    IstioWatcher watcher = new IstioWatcher(config, registry, sender, client, Clock.systemUTC());
    HealthServer health;
    try {
      health =
          new HealthServer(
              IstioWatcher.COMPONENT,
              config.healthAddress(),
              config.healthPort(),
              watcher::healthy,
              watcher::healthText,
              registry::scrape);
    } catch (HealthServer.StartException e) {
      LOG.error("istio-watcher cannot start: {}", e.getMessage());
      ComponentMain.closeAll(sender, client, telemetry);
      System.exit(1);
      return;
    }
    LOG.info(
        "istio-watcher reporting to mapper={} health={}:{}",
        config.mapperAddress(),
        config.healthAddress(),
        health.port());
    watcher.start();
    ComponentMain.runUntilStopped(
        IstioWatcher.COMPONENT, watcher, health, sender, client, telemetry);
  }
}
