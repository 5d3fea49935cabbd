package io.netmapper.sniffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ListeningSocket;
import io.netmapper.testbed.netns.NetnsProcess;
import io.netmapper.testbed.netns.TestBed;
import io.netmapper.testbed.netns.TestBedExtension;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real socket scan over the machine's /proc: connections opened before the sniffer starts, and a
 * process in the node namespace inside a kubelet-style pod cgroup (a hostNetwork pod).
 */
@ExtendWith(TestBedExtension.class)
class SocketScanInNetnsTest {
  private static final String POD_UID = UUID.randomUUID().toString();
  private static final String CONTAINER_ID = "c0ffee".repeat(10) + "abcd";
  private static TestBed.Pod client;
  private static TestBed.Pod server;
  private static int longLivedPort;
  private static int hostPodPort;
  private static SnifferHarness harness;

  @BeforeAll
  static void setUp(TestBed bed) throws Exception {
    client = bed.pod(11);
    server = bed.pod(21);
    bed.start(server.netns(), "listen", "0.0.0.0", "38080");
    NetnsProcess longLived = bed.start(client.netns(), "connect", server.ipv4(), "38080", "-1");
    longLivedPort = Integer.parseInt(longLived.expect("CONNECTED", 10).split(" ")[1]);

    Path cgroup = bed.kubeletCgroup(POD_UID, CONTAINER_ID);
    NetnsProcess hostPod =
        bed.start(
            bed.node(), "listen", "0.0.0.0", "9443", "+", "connect", server.ipv4(), "38080", "-1");
    TestBed.moveTo(cgroup, hostPod.pid());
    hostPodPort = Integer.parseInt(hostPod.expect("CONNECTED", 10).split(" ")[1]);

    harness = new SnifferHarness(bed.node()); // after the connections exist: no SYN to see
  }

  @AfterAll
  static void tearDown() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void longLivedConnectionOpenedBeforeStart_isReportedByTheScanWithItsPorts() {
    Connection c =
        harness.awaitConnection(
            ConnectionEvidence.CONNECTION_EVIDENCE_SOCKET_SCAN,
            x -> x.getClientIp().equals(client.ipv4()));
    assertThat(c.getClientPort()).isEqualTo(longLivedPort);
    assertThat(c.getServerIp()).isEqualTo(server.ipv4());
    assertThat(c.getServerPort()).isEqualTo(38080);
    assertThat(c.getClientProcess().getHostNetwork()).isFalse();
    assertThat(c.getClientProcess().getProcessName()).isEqualTo("java");
    // the server side of the same connection is not reported as a client
    assertThat(harness.mapper.connections)
        .flatMap(r -> r.getConnectionsList())
        .noneMatch(x -> x.getClientIp().equals(server.ipv4()) && x.getClientPort() == 38080);
  }

  @Test
  void hostNetworkPodProcess_isAttributedToItsPodAsClient() {
    Connection c =
        harness.awaitConnection(
            ConnectionEvidence.CONNECTION_EVIDENCE_SOCKET_SCAN,
            x -> x.getClientPort() == hostPodPort && x.getServerIp().equals(server.ipv4()));
    assertThat(c.getClientIp()).isEqualTo("192.0.2.1"); // the node's address
    assertThat(c.getServerPort()).isEqualTo(38080);
    assertThat(c.getClientProcess().getPodUid()).isEqualTo(POD_UID);
    assertThat(c.getClientProcess().getContainerId()).isEqualTo(CONTAINER_ID);
    assertThat(c.getClientProcess().getHostNetwork()).isTrue();
  }

  @Test
  void hostNetworkPodProcess_isAttributedToItsPodAsListener() {
    ListeningSocket l =
        harness.awaitListener(
            x -> x.getPort() == 9443 && x.getProcess().getPodUid().equals(POD_UID));
    assertThat(l.getIp())
        .isIn("0.0.0.0", "::"); // the JVM binds 0.0.0.0 as a dual-stack "::" socket
    assertThat(l.getProcess().getHostNetwork()).isTrue();
    assertThat(l.getProcess().getContainerId()).isEqualTo(CONTAINER_ID);
  }

  @Test
  void podListener_isReportedWithoutHostNetwork() {
    ListeningSocket l =
        harness.awaitListener(
            x ->
                x.getPort() == 38080
                    && !x.getProcess().getHostNetwork()
                    && x.getProcess().getProcessName().equals("java"));
    assertThat(l.getProcess().getPodUid()).isEmpty(); // not in a pod cgroup
  }
}
