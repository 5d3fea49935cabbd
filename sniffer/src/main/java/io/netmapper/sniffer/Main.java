package io.netmapper.sniffer;

import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.common.telemetry.Telemetry;
import io.netmapper.sniffer.metrics.SnifferMetrics;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: reads the config, wires the sniffer by hand, runs until SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> argList = Arrays.asList(args);
    if (argList.contains("--help") || argList.contains("-h")) {
      System.out.println(SnifferConfig.usage());
      return;
    }
    SnifferConfig config;
    try {
      config = SnifferConfig.from(argList, System.getenv(), hostName());
    } catch (IllegalArgumentException e) {
      System.err.println("sniffer: " + e.getMessage());
      System.exit(2);
      return;
    }
    Telemetry telemetry = Telemetry.start(Sniffer.COMPONENT, config.telemetry());
    GrpcReportSender sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    Sniffer sniffer = new Sniffer(config, new SnifferMetrics(), sender, Clock.systemUTC());
    try {
      sniffer.start();
    } catch (SnifferStartupException e) {
      LOG.error("sniffer cannot start on node {}: {}", config.nodeName(), e.getMessage());
      sender.close();
      telemetry.close();
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sniffer.close();
                  sender.close();
                  telemetry.close();
                  stopped.countDown();
                },
                "sniffer-shutdown"));
    stopped.await();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
