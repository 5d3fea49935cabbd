package io.netmapper.mapper;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code mapper}: reads config, wires the mapper by hand, runs until stopped. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    MapperConfig config;
    try {
      config = MapperConfig.parse(args, System.getenv());
    } catch (CommandLine.ParameterException e) {
      System.err.println("mapper: " + e.getMessage());
      System.err.println("Try 'mapper --help'.");
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("mapper: " + e.getMessage());
      return 2;
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      new CommandLine(new MapperConfig.Flags()).usage(System.out);
      return 0;
    }
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
