package io.netmapper.testbed;

import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.sniffer.Sniffer;
import io.netmapper.sniffer.SnifferConfig;
import io.netmapper.sniffer.metrics.SnifferMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The real sniffer, run in this JVM (which lives in the node's network namespace). */
final class SnifferRunner implements AutoCloseable {
  private final String prefix;
  private GrpcReportSender sender;
  private Sniffer sniffer;
  private final SnifferMetrics metrics = new SnifferMetrics();

  SnifferRunner(String prefix) {
    this.prefix = prefix;
  }

  /**
   * @param cgroupRoot the cgroup v2 mount the testbed's pod cgroups live under: the sniffer must be
   *     given it, as a DaemonSet is given the host's (its default, {@code
   *     /proc/1/root/sys/fs/cgroup}, is not reachable from the node namespace's mount view)
   */
  void start(String mapperAddress, String nodeNetns, Path cgroupRoot) throws Exception {
    SnifferConfig config =
        SnifferConfig.from(
            List.of(
                "--mapper-address",
                mapperAddress,
                "--node-name",
                io.netmapper.testbed.cluster.FakeCluster.NODE_NAME,
                "--node-netns",
                "/run/netns/" + nodeNetns,
                "--health-address",
                "127.0.0.1",
                "--health-port",
                "0",
                "--report-interval",
                "1s",
                "--scan-interval",
                "1s",
                "--cgroup-root",
                cgroupRoot.toString()),
            Map.of(),
            prefix);
    sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    sniffer = new Sniffer(config, metrics, sender, Clock.systemUTC());
    sniffer.start();
  }

  /** The sniffer's metrics, in Prometheus text. */
  String metrics() {
    return metrics.scrape();
  }

  /** The host-network attribution's state (its line in the sniffer's health text). */
  String hostnetState() {
    return sniffer == null ? "off" : sniffer.hostnetState();
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
