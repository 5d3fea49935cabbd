package io.netmapper.sniffer;

import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.ListeningSocket;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.sniffer.metrics.SnifferMetrics;
import io.netmapper.sniffer.testing.RecordingMapper;
import io.netmapper.testbed.netns.Netns;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A real Sniffer capturing in a test node namespace and reporting to a {@link RecordingMapper}. */
final class SnifferHarness implements AutoCloseable {
  final RecordingMapper mapper = new RecordingMapper().start();
  final SnifferMetrics metrics = new SnifferMetrics();
  final GrpcReportSender sender;
  final Sniffer sniffer;

  SnifferHarness(Netns node) throws SnifferStartupException {
    SnifferConfig config =
        SnifferConfig.from(
            List.of(
                "--mapper-address",
                mapper.target(),
                "--node-name",
                "test-node",
                "--proc-root",
                "/proc",
                "--node-netns",
                node.path().toString(),
                "--capture-netns",
                node.path().toString(),
                "--health-address",
                "127.0.0.1",
                "--health-port",
                "0",
                "--cgroup-root",
                io.netmapper.testbed.netns.Cgroups.root().toString(),
                "--report-interval",
                "200ms",
                "--scan-interval",
                "500ms",
                "--retry-max-backoff",
                "1s"),
            Map.of(),
            "host");
    sender = new GrpcReportSender(config.mapperAddress(), config.rpcTimeout());
    sniffer = new Sniffer(config, metrics, sender, Clock.systemUTC());
    sniffer.start();
  }

  DnsAnswer awaitDns(Predicate<DnsAnswer> match) {
    return await(
        () ->
            mapper.dns.stream()
                .flatMap(r -> r.getAnswersList().stream())
                .filter(match)
                .findFirst());
  }

  Connection awaitConnection(ConnectionEvidence evidence, Predicate<Connection> match) {
    return await(
        () ->
            mapper.connections.stream()
                .flatMap(r -> r.getConnectionsList().stream())
                .filter(c -> c.getEvidence() == evidence)
                .filter(match)
                .findFirst());
  }

  ListeningSocket awaitListener(Predicate<ListeningSocket> match) {
    return await(
        () ->
            mapper.connections.stream()
                .flatMap(r -> r.getListenersList().stream())
                .filter(match)
                .findFirst());
  }

  private static <T> T await(java.util.function.Supplier<Optional<T>> find) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(find::get, Optional::isPresent)
        .get();
  }

  @Override
  public void close() {
    try {
      sniffer.close();
    } finally {
      sender.close();
      mapper.close();
    }
  }
}
