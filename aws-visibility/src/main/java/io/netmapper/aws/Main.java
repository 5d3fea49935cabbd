package io.netmapper.aws;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.run.ComponentMain;
import io.netmapper.common.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: reads the config, wires the parts by hand, runs until SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String resolvConf = readResolvConf();
    AwsVisibilityConfig config =
        ComponentMain.parseOrExit(
                AwsVisibility.COMPONENT,
                AwsVisibilityConfig.commandLine(new AwsVisibilityConfig.Flags(), env),
                args,
                () -> AwsVisibilityConfig.parse(args, env, resolvConf))
            .orElse(null);
    if (config == null) {
      return;
    }
    Telemetry telemetry = Telemetry.start(AwsVisibility.COMPONENT, config.telemetry());
    KubernetesClient client = new KubernetesClientBuilder().build();
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    AwsVisibility visibility =
        new AwsVisibility(
            config,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            sender,
            client,
            Clock.systemUTC(),
            AwsVisibility.Parts.PRODUCTION);
    try {
      visibility.start();
    } catch (HealthServer.StartException | RuntimeException e) {
      LOG.error("aws-visibility cannot start: {}", e.getMessage());
      ComponentMain.closeAll(visibility, sender, client, telemetry);
      System.exit(1);
      return;
    }
    ComponentMain.runUntilStopped(AwsVisibility.COMPONENT, visibility, sender, client, telemetry);
  }

  private static String readResolvConf() {
    try {
      return Files.readString(Path.of("/etc/resolv.conf"));
    } catch (IOException e) {
      return "";
    }
  }
}
