package io.netmapper.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.api.v1.ObservationWindow;
import io.netmapper.api.v1.ReportServiceGrpc;
import io.netmapper.api.v1.Reporter;
import io.netmapper.mapper.testing.MapperProcess;
import io.netmapper.mapper.testing.MockCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real mapper process with the embedded store is killed with SIGKILL while reporters are
 * delivering; it is restarted on the same data directory, the reporters retry what was not
 * acknowledged (same batch ids), and the map must equal that of a run without the kill: the same
 * edges with the same counts (nothing acknowledged lost, nothing applied twice).
 */
class MapperKillDuringIngestTest {
  private static final int PODS = 12;
  private static final int REPORTERS = 4;
  private static final int BATCHES_PER_REPORTER = 30;
  private static final int ENTRIES = 20;

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void kill9DuringIngest_restartOnTheSameDataDir_givesTheMapOfARunWithoutTheKill()
      throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      for (int i = 0; i < PODS; i++) {
        cluster.deploymentPod("shop", "app-" + i, "app-" + i + "-abc", ip(i));
      }
      Path kubeconfig = cluster.kubeconfig(work.resolve("kubeconfig"));
      // the mock API server stamps pods with their real creation time: observations come after
      Instant base = Instant.now();
      List<List<ConnectionReport>> batches = new ArrayList<>();
      for (int r = 0; r < REPORTERS; r++) {
        batches.add(batchesOf(r, base));
      }

      List<String> expected;
      try (MapperProcess plain = start(kubeconfig, "plain")) {
        AtomicReference<ManagedChannel> channel = new AtomicReference<>(readyChannel(plain));
        deliverAll(batches, channel, null);
        expected = render(list(channel.get()));
        channel.get().shutdownNow();
      }
      assertThat(expected).hasSizeGreaterThan(PODS);

      MapperProcess first = start(kubeconfig, "killed");
      AtomicReference<ManagedChannel> channel = new AtomicReference<>(readyChannel(first));
      AtomicInteger acked = new AtomicInteger();
      int total = REPORTERS * BATCHES_PER_REPORTER;
      Thread reporters = new Thread(() -> deliverAll(batches, channel, acked));
      reporters.start();
      await().atMost(Duration.ofMinutes(2)).until(() -> acked.get() >= total / 2);
      first.kill9();
      int ackedBeforeKill = acked.get();
      ManagedChannel dead = channel.getAndSet(null);
      dead.shutdownNow();
      assertThat(ackedBeforeKill).isLessThan(total);

      try (MapperProcess second = start(kubeconfig, "killed")) {
        ManagedChannel restarted = readyChannel(second);
        // before any retry arrives: what was acknowledged before the kill is there
        assertThat(list(restarted)).isNotEmpty();
        channel.set(restarted);
        reporters.join(Duration.ofMinutes(3).toMillis());
        assertThat(reporters.isAlive()).isFalse();
        assertThat(acked.get()).isEqualTo(total);
        assertThat(render(list(channel.get()))).isEqualTo(expected);
        channel.get().shutdownNow();
      } finally {
        first.close();
      }
    }
  }

  private MapperProcess start(Path kubeconfig, String name) throws Exception {
    return MapperProcess.start(
        kubeconfig,
        work.resolve(name + "-" + System.nanoTime() + ".log"),
        Map.of(),
        "--data-dir",
        work.resolve(name + "-data").toString(),
        "--cluster-cidrs",
        MockCluster.POD_CIDR);
  }

  private static ManagedChannel readyChannel(MapperProcess p) throws Exception {
    int port = p.port(Duration.ofSeconds(90));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> p.readyz().startsWith("200"));
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /**
   * Each reporter (its own thread, one batch in flight, as the sniffer's delivery) sends its
   * batches in order and retries a batch until it is acknowledged; while the mapper is down it
   * waits for the channel to come back.
   */
  private static void deliverAll(
      List<List<ConnectionReport>> batches,
      AtomicReference<ManagedChannel> channel,
      AtomicInteger acked) {
    CountDownLatch done = new CountDownLatch(batches.size());
    for (List<ConnectionReport> own : batches) {
      Thread t =
          new Thread(
              () -> {
                for (ConnectionReport batch : own) {
                  while (true) {
                    ManagedChannel c = channel.get();
                    if (c == null) {
                      sleep(50);
                      continue;
                    }
                    try {
                      ReportServiceGrpc.newBlockingStub(c)
                          .withDeadlineAfter(10, TimeUnit.SECONDS)
                          .reportConnections(batch);
                      if (acked != null) {
                        acked.incrementAndGet();
                      }
                      break;
                    } catch (StatusRuntimeException e) {
                      sleep(50); // unavailable, killed, not ready: keep the batch and retry
                    }
                  }
                }
                done.countDown();
              });
      t.start();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<ConnectionReport> batchesOf(int reporter, Instant base) {
    List<ConnectionReport> out = new ArrayList<>();
    for (int b = 0; b < BATCHES_PER_REPORTER; b++) {
      ConnectionReport.Builder report =
          ConnectionReport.newBuilder()
              .setHeader(
                  BatchHeader.newBuilder()
                      .setReporter(
                          Reporter.newBuilder()
                              .setComponent("sniffer")
                              .setNodeName("node-" + reporter)
                              .setInstanceId("instance-" + reporter))
                      .setSequence(b + 1));
      for (int e = 0; e < ENTRIES; e++) {
        int n = reporter * 7919 + b * 31 + e * 17;
        int client = n % PODS;
        int server = (n / PODS + 1 + client) % PODS;
        Instant at = base.plusSeconds(b).plusMillis(e);
        report.addConnections(
            Connection.newBuilder()
                .setSeen(
                    ObservationWindow.newBuilder()
                        .setFirstSeen(ts(at))
                        .setLastSeen(ts(at.plusMillis(5)))
                        .setCount(1 + n % 3))
                .setClientIp(ip(client))
                .setClientPort(40000 + e)
                .setServerIp(ip(server))
                .setServerPort(8080 + n % 2)
                .setEvidence(ConnectionEvidence.CONNECTION_EVIDENCE_SYN));
      }
      out.add(report.build());
    }
    return out;
  }

  private static String ip(int pod) {
    return "10.244.1." + (10 + pod);
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static List<Intent> list(ManagedChannel c) {
    return MapperServiceGrpc.newBlockingStub(c)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .listIntents(ListIntentsRequest.getDefaultInstance())
        .getIntentsList();
  }

  private static List<String> render(List<Intent> intents) {
    return intents.stream()
        .map(
            i ->
                i.getClient().getWorkload().getName()
                    + " -> "
                    + i.getServer().getWorkload().getName()
                    + " "
                    + i.getType()
                    + " ports="
                    + i.getPortsList()
                    + " count="
                    + i.getCount()
                    + " first="
                    + i.getFirstSeen().getSeconds()
                    + "."
                    + i.getFirstSeen().getNanos()
                    + " last="
                    + i.getLastSeen().getSeconds()
                    + "."
                    + i.getLastSeen().getNanos())
        .sorted()
        .toList();
  }
}
