package io.netmapper.aws;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.run.ComponentMain;
import io.netmapper.common.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Entry point: reads the config, wires the parts by hand, runs until SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String resolvConf = readResolvConf();
    Optional<AwsVisibilityConfig> parsed =
        ComponentMain.parseOrExit(
            AwsVisibility.COMPONENT,
            AwsVisibilityConfig.commandLine(new AwsVisibilityConfig.Flags(), env),
            args,
            () -> AwsVisibilityConfig.parse(args, env, resolvConf));
    if (parsed.isEmpty()) {
      return;
    }
    AwsVisibilityConfig config = parsed.get();
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
    ComponentMain.run(
        AwsVisibility.COMPONENT, visibility::start, visibility, sender, client, telemetry);
  }

  private static String readResolvConf() {
    try {
      return Files.readString(Path.of("/etc/resolv.conf"));
    } catch (IOException e) {
      return "";
    }
  }
}
