package io.netmapper.testbed;

import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.sniffer.Sniffer;
import io.netmapper.sniffer.SnifferConfig;
import io.netmapper.sniffer.metrics.SnifferMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The real sniffer, run in this JVM (which lives in the node's network namespace). */
final class SnifferRunner implements AutoCloseable {
  private final String prefix;
  private GrpcReportSender sender;
  private Sniffer sniffer;

  SnifferRunner(String prefix) {
    this.prefix = prefix;
  }

  void start(String mapperAddress, String nodeNetns) throws Exception {
    SnifferConfig config =
        SnifferConfig.from(
            List.of(
                "--mapper-address", mapperAddress,
                "--node-name", io.netmapper.testbed.cluster.FakeCluster.NODE_NAME,
                "--node-netns", "/run/netns/" + nodeNetns,
                "--health-address", "127.0.0.1",
                "--health-port", "0",
                "--report-interval", "1s",
                "--scan-interval", "1s"),
            Map.of(),
            prefix);
    sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    sniffer = new Sniffer(config, new SnifferMetrics(), sender, Clock.systemUTC());
    sniffer.start();
  }

  @Override
  public void close() {
    if (sniffer != null) {
      sniffer.close();
    }
    if (sender != null) {
      sender.close();
    }
  }
}
