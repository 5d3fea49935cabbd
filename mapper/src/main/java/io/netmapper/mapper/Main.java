package io.netmapper.mapper;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmapper.common.run.ComponentMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code mapper}: reads config, wires the mapper by hand, runs until stopped. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Map<String, String> env = System.getenv();
    ComponentMain.Parsed<MapperConfig> parsed =
        ComponentMain.parse(
            "mapper",
            MapperConfig.commandLine(new MapperConfig.Flags(), env),
            args,
            () -> MapperConfig.parse(args, env),
            System.out,
            System.err);
    if (!parsed.run()) {
      return parsed.exitCode();
    }
    MapperConfig config = parsed.config();
    KubernetesClient client;
    try {
      client = new KubernetesClientBuilder().withConfig(kubeConfig(config)).build();
    } catch (RuntimeException e) {
      LOG.error("cannot load Kubernetes configuration: {}", e.getMessage());
      return 1;
    }
    Mapper mapper = new Mapper(config, client, Clock.systemUTC());
    try {
      mapper.start();
    } catch (IllegalStateException e) {
      LOG.error("{}", e.getMessage());
      mapper.close();
      client.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("mapper stopping");
                  mapper.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static Config kubeConfig(MapperConfig config) throws RuntimeException {
    if (config.kubeconfig().isPresent()) {
      Path path = Path.of(config.kubeconfig().get());
      if (!Files.isReadable(path)) {
        throw new IllegalArgumentException("--kubeconfig " + path + " is not readable");
      }
      try {
        return Config.fromKubeconfig(
            config.context().orElse(null), Files.readString(path), path.toString());
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "cannot read --kubeconfig " + path + ": " + e.getMessage());
      }
    }
    return config.context().map(Config::autoConfigure).orElseGet(() -> Config.autoConfigure(null));
  }
}
