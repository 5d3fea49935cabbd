package io.netmapper.sniffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.testbed.netns.NetnsProcess;
import io.netmapper.testbed.netns.TestBed;
import io.netmapper.testbed.netns.TestBedExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Short-lived sockets of a hostNetwork pod (a process in the node namespace inside a kubelet-named
 * cgroup v2, its sockets created there): the SYN of a connection closed 20 ms after it opened and
 * the answer to a UDP DNS query are reported with the pod's UID. A node process outside any pod
 * cgroup (a node service's) is reported with the node address only, counted not_a_pod. A connection
 * to a ClusterIP (DNAT before the capture sees the SYN) is found by its local port.
 */
@ExtendWith(TestBedExtension.class)
class HostNetworkAttributionInNetnsTest {
  private static final String POD_UID = UUID.randomUUID().toString();
  private static final String CONTAINER_ID = "feed" + "0123456789abcdef".repeat(3) + "0123456789ab";
  private static TestBed.Pod server;
  private static SnifferHarness harness;

  @BeforeAll
  static void setUp(TestBed bed) throws Exception {
    server = bed.pod(21);
    TestBed.Pod dns = bed.pod(31);
    bed.start(server.netns(), "listen", "0.0.0.0", "38080");
    bed.start(
        dns.netns(), "dns-server", dns.ipv4(), "hostnet.test=A:10.9.8.7", "plain.test=A:10.9.8.8");
    // a ClusterIP as kube-proxy makes one: DNAT in the node's output path, a route to look up first
    bed.node().ip("route", "add", "10.96.0.0/16", "dev", "br0");
    bed.node().exec("nft", "add table ip hostnet");
    bed.node().exec("nft", "add chain ip hostnet output { type nat hook output priority -100 ; }");
    bed.node()
        .exec(
            "nft",
            "add rule ip hostnet output ip daddr 10.96.0.10 tcp dport 80 dnat to "
                + server.ipv4()
                + ":38080");
    harness = new SnifferHarness(bed.node());
  }

  @AfterAll
  static void tearDown() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void shortConnectionOfHostNetworkPod_synIsReportedWithItsPod(TestBed bed) {
    NetnsProcess hostPod = startInPod(bed, "connect", server.ipv4(), "38080", "20");
    int port = Integer.parseInt(hostPod.expect("CONNECTED", 20).split(" ")[1]);

    Connection c =
        harness.awaitConnection(
            ConnectionEvidence.CONNECTION_EVIDENCE_SYN,
            x -> x.getClientPort() == port && x.getServerIp().equals(server.ipv4()));
    assertThat(c.getClientIp()).isEqualTo("192.0.2.1"); // the node's address
    assertThat(c.getClientProcess().getPodUid()).as(hostnetMetrics()).isEqualTo(POD_UID);
    assertThat(c.getClientProcess().getContainerId()).isEqualTo(CONTAINER_ID);
    assertThat(c.getClientProcess().getHostNetwork()).isTrue();
  }

  @Test
  void shortConnectionOfHostNetworkPodToAClusterIp_isFoundByItsLocalPort(TestBed bed) {
    NetnsProcess hostPod = startInPod(bed, "connect", "10.96.0.10", "80", "20");
    int port = Integer.parseInt(hostPod.expect("CONNECTED", 20).split(" ")[1]);

    // the capture sees the SYN after DNAT; the socket's own destination is the ClusterIP
    Connection c =
        harness.awaitConnection(
            ConnectionEvidence.CONNECTION_EVIDENCE_SYN,
            x -> x.getClientPort() == port && x.getServerIp().equals(server.ipv4()));
    assertThat(c.getServerPort()).isEqualTo(38080);
    assertThat(c.getClientProcess().getPodUid()).as(hostnetMetrics()).isEqualTo(POD_UID);
    assertThat(hostnetMetrics()).contains("outcome=\"found_by_local_port\"");
  }

  @Test
  void dnsQueryOfHostNetworkPod_answerIsReportedWithItsPod(TestBed bed) {
    NetnsProcess hostPod = startInPod(bed, "query", "192.0.2.31", "hostnet.test", "A", "udp");
    assertThat(hostPod.expect("ANSWER", 20)).contains("10.9.8.7");

    DnsAnswer a = harness.awaitDns(x -> x.getQueryName().equals("hostnet.test"));
    assertThat(a.getClientIp()).isEqualTo("192.0.2.1");
    assertThat(a.getIpsList()).containsExactly("10.9.8.7");
    assertThat(a.getClientProcess().getPodUid()).as(hostnetMetrics()).isEqualTo(POD_UID);
    assertThat(a.getClientProcess().getHostNetwork()).isTrue();
  }

  @Test
  void nodeProcessOutsideAnyPod_isReportedWithoutPod_countedNotAPod(TestBed bed) {
    // a node service's cgroup (on this hybrid machine the test runs in the v2 root, id 1, which
    // counts as no_cgroup_id: nodes whose processes use cgroup v1 only leave every socket there)
    NetnsProcess node =
        bed.start(
            bed.node(),
            "after-cgroup",
            "node-agent.service",
            "+",
            "connect",
            server.ipv4(),
            "38080",
            "20",
            "+",
            "query",
            "192.0.2.31",
            "plain.test",
            "A",
            "udp");
    TestBed.moveTo(bed.systemCgroup("node-agent"), node.pid());
    int port = Integer.parseInt(node.expect("CONNECTED", 20).split(" ")[1]);
    node.expect("ANSWER", 20);

    Connection c =
        harness.awaitConnection(
            ConnectionEvidence.CONNECTION_EVIDENCE_SYN,
            x -> x.getClientPort() == port && x.getServerIp().equals(server.ipv4()));
    assertThat(c.getClientProcess().getPodUid()).isEmpty();
    DnsAnswer a = harness.awaitDns(x -> x.getQueryName().equals("plain.test"));
    assertThat(a.getClientProcess().getPodUid()).isEmpty();
    Awaitility.await(hostnetMetrics())
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness
                    .metrics
                    .scrape()
                    .lines()
                    .anyMatch(
                        l ->
                            l.startsWith(
                                    "netmapper_sniffer_hostnet_unattributed_total{reason=\"not_a_pod\"}")
                                && !l.endsWith(" 0.0")));
  }

  private static String hostnetMetrics() {
    return String.join(
        "\n",
        harness
            .metrics
            .scrape()
            .lines()
            .filter(l -> l.startsWith("netmapper_sniffer_hostnet"))
            .toList());
  }

  /**
   * A process in the node namespace whose actions run once it is in a fresh kubelet-named pod
   * cgroup.
   */
  private static NetnsProcess startInPod(TestBed bed, String... action) {
    String[] args = new String[action.length + 3];
    args[0] = "after-cgroup";
    args[1] = "cri-containerd-" + CONTAINER_ID;
    args[2] = "+";
    System.arraycopy(action, 0, args, 3, action.length);
    NetnsProcess p = bed.start(bed.node(), args);
    Path cgroup = bed.kubeletCgroup(POD_UID, CONTAINER_ID);
    TestBed.moveTo(cgroup, p.pid());
    return p;
  }
}
