package io.netmapper.istiowatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.run.ComponentMain;
import io.netmapper.common.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Standalone entry point: reads the config, wires the watcher by hand with a gRPC sender to the
 * mapper and its own {@code /healthz} + {@code /metrics}, runs until SIGTERM. (The mapper runs the
 * same watcher in-process with {@code --istio-enabled}.)
 *
 * <p>Logging: the istio-watcher jar is a library inside the mapper, so it carries no {@code
 * logback.xml}; this launcher points logback at {@link #LOG_CONFIG}, a resource logback never finds
 * by itself, before the first logger exists. {@code -Dlogback.configurationFile=...} still wins.
 */
public final class Main {
  static final String LOG_CONFIG = "io/netmapper/istiowatcher/standalone-logback.xml";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOG_CONFIG);
    }
    Map<String, String> env = System.getenv();
    Optional<IstioWatcherConfig> parsed =
        ComponentMain.parseOrExit(
            IstioWatcher.COMPONENT,
            IstioWatcherConfig.commandLine(new IstioWatcherConfig.Flags(), env),
            args,
            () -> IstioWatcherConfig.parse(args, env));
    if (parsed.isEmpty()) {
      return;
    }
    IstioWatcherConfig config = parsed.get();
    Telemetry telemetry = Telemetry.start(IstioWatcher.COMPONENT, config.telemetry());
    KubernetesClient client = new KubernetesClientBuilder().build();
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    IstioWatcher watcher =
        IstioWatcher.standalone(
            config,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            sender,
            client,
            Clock.systemUTC());
    ComponentMain.run(IstioWatcher.COMPONENT, watcher::start, watcher, sender, client, telemetry);
  }
}
