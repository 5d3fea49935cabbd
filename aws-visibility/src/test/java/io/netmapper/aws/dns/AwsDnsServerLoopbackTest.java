package io.netmapper.aws.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Real dnsjava queries over UDP and TCP to the server on loopback, with a fake cluster DNS. */
class AwsDnsServerLoopbackTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final InetAddress PROXY_V4 = ip("10.100.0.7");
  private static final InetAddress PROXY_V6 = ip("fd00::7");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService workers = Executors.newFixedThreadPool(8);
  private FakeClusterDns cluster;
  private AwsDnsServer server;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new FakeClusterDns();
    server = start(List.of(PROXY_V4), cluster.address());
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    cluster.close();
    workers.shutdownNow();
  }

  @Test
  void awsName_isAnsweredWithProxyAddress_overUdpAndTcp() throws Exception {
    for (boolean tcp : new boolean[] {false, true}) {
      Message reply = query("sqs.us-east-1.amazonaws.com.", Type.A, tcp);
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(addresses(reply)).containsExactly("10.100.0.7");
      assertThat(reply.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
    }
    assertThat(count("udp", "answered_aws")).isEqualTo(1);
    assertThat(count("tcp", "answered_aws")).isEqualTo(1);
    assertThat(cluster.received).isEmpty();
  }

  @Test
  void awsName_mixedCaseAndChinaSuffix_areAws() throws Exception {
    assertThat(addresses(query("S3.EU-West-1.AmazonAWS.COM.", Type.A, false)))
        .containsExactly("10.100.0.7");
    assertThat(addresses(query("s3.cn-north-1.amazonaws.com.cn.", Type.A, false)))
        .containsExactly("10.100.0.7");
    assertThat(addresses(query("amazonaws.com.", Type.A, true))).containsExactly("10.100.0.7");
    assertThat(cluster.received).isEmpty();
  }

  @Test
  void lookalikeNames_areForwarded() throws Exception {
    for (String name :
        List.of(
            "evilamazonaws.com.",
            "amazonaws.com.evil.io.",
            "amazonaws.community.",
            "s3.amazonaws.co.")) {
      Message reply = query(name, Type.A, false);
      assertThat(reply.getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
    }
    assertThat(cluster.received).hasSize(4);
    assertThat(count("udp", "forwarded")).isEqualTo(4);
  }

  @Test
  void aaaaWithoutIpv6Proxy_isNodata_andOtherTypesAreNodata() throws Exception {
    for (int type : new int[] {Type.AAAA, Type.TXT, Type.HTTPS, Type.SVCB, Type.MX, Type.CNAME}) {
      Message reply = query("dynamodb.eu-central-1.amazonaws.com.", type, false);
      assertThat(reply.getRcode()).as(Type.string(type)).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getSection(Section.ANSWER)).as(Type.string(type)).isEmpty();
    }
    assertThat(count("udp", "nodata_aws")).isEqualTo(6);
    assertThat(cluster.received).isEmpty();
  }

  @Test
  void dualStackProxy_answersAaaa_andIpv6OnlyProxy_answersANodata() throws Exception {
    server.close();
    server = start(List.of(PROXY_V4, PROXY_V6), cluster.address());
    assertThat(addresses(query("kms.us-west-2.amazonaws.com.", Type.AAAA, true)))
        .containsExactly("fd00:0:0:0:0:0:0:7");
    server.close();
    server = start(List.of(PROXY_V6), cluster.address());
    Message a = query("kms.us-west-2.amazonaws.com.", Type.A, false);
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void forwarding_relaysUpstreamAnswerAndNxdomain_overUdpAndTcp() throws Exception {
    for (boolean tcp : new boolean[] {false, true}) {
      Message ok = query(FakeClusterDns.KUBERNETES, Type.A, tcp);
      assertThat(ok.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(addresses(ok)).containsExactly("10.96.0.1");
      assertThat(ok.getOPT()).isNotNull();
      Message missing = query("nope.default.svc.cluster.local.", Type.A, tcp);
      assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
    assertThat(count("udp", "forwarded")).isEqualTo(2);
    assertThat(count("tcp", "forwarded")).isEqualTo(2);
  }

  @Test
  void forwarding_isByteForByte_sameIdFlagsAndEdns() throws Exception {
    Message q =
        Message.newQuery(
            Record.newRecord(Name.fromString(FakeClusterDns.KUBERNETES), Type.A, DClass.IN));
    q.getHeader().setID(4242);
    q.getHeader().setFlag(Flags.CD);
    q.addRecord(
        new org.xbill.DNS.OPTRecord(4096, 0, 0, org.xbill.DNS.ExtendedFlags.DO),
        Section.ADDITIONAL);
    byte[] sent = q.toWire();
    byte[] got = rawUdp(sent);
    assertThat(cluster.received).hasSize(1);
    assertThat(cluster.received.get(0)).isEqualTo(sent);
    assertThat(got).isEqualTo(cluster.sent.get(0));
  }

  @Test
  void truncatedUdpAnswer_staysTruncated_andClientRetriesOverTcp() throws Exception {
    Message q =
        Message.newQuery(Record.newRecord(Name.fromString(FakeClusterDns.BIG), Type.A, DClass.IN));
    Message udpReply = new Message(rawUdp(q.toWire()));
    assertThat(udpReply.getHeader().getFlag(Flags.TC)).isTrue();
    // SimpleResolver over UDP sees TC and repeats the query over TCP by itself
    Message full = query(FakeClusterDns.BIG, Type.A, false);
    assertThat(full.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(full.getSection(Section.ANSWER)).hasSize(100);
    assertThat(count("tcp", "forwarded")).isEqualTo(1);
  }

  @Test
  void upstreamDown_isServfail_overUdpAndTcp() throws Exception {
    InetSocketAddress closed = freeLoopbackPort();
    server.close();
    server = start(List.of(PROXY_V4), closed);
    for (boolean tcp : new boolean[] {false, true}) {
      Message reply = query(FakeClusterDns.KUBERNETES, Type.A, tcp);
      assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
    }
    assertThat(count("udp", "servfail")).isEqualTo(1);
    assertThat(count("tcp", "servfail")).isEqualTo(1);
    // AWS names do not need the cluster DNS
    assertThat(addresses(query("sts.amazonaws.com.", Type.A, false))).containsExactly("10.100.0.7");
  }

  @Test
  void upstreamSilent_isServfailAfterTimeout() throws Exception {
    cluster.drop = true;
    Message reply = query(FakeClusterDns.KUBERNETES, Type.A, false);
    assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(
            registry
                .get("netmapper_aws_dns_upstream_latency")
                .tags("transport", "udp", "outcome", "timeout_or_error")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void garbagePackets_areCountedAndServerStillAnswers() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      s.setSoTimeout(2000);
      s.connect(server.address());
      s.send(new DatagramPacket(new byte[] {1, 2, 3}, 3));
      byte[] junk = new byte[40];
      Arrays.fill(junk, (byte) 0x7f);
      junk[0] = 0x12;
      junk[1] = 0x34;
      junk[2] = 0x01; // a query (QR clear) with RD
      s.send(new DatagramPacket(junk, junk.length));
      DatagramPacket p = new DatagramPacket(new byte[512], 512);
      s.receive(p);
      Message formerr = new Message(Arrays.copyOf(p.getData(), p.getLength()));
      assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
      assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
    }
    // length-prefixed garbage over TCP gets FORMERR too
    try (Socket s = new Socket(LOOPBACK, server.address().getPort())) {
      s.setSoTimeout(2000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(20);
      out.write(new byte[] {0, 7, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.FORMERR);
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> count("udp", "dropped") == 1);
    assertThat(count("udp", "formerr")).isEqualTo(1);
    assertThat(count("tcp", "formerr")).isEqualTo(1);
    assertThat(addresses(query("s3.amazonaws.com.", Type.A, false))).containsExactly("10.100.0.7");
  }

  @Test
  void fuzz_randomAndMutatedPackets_neverKillTheServer() throws Exception {
    Random random = new Random(7);
    byte[] valid =
        Message.newQuery(Record.newRecord(Name.fromString("s3.amazonaws.com."), Type.A, DClass.IN))
            .toWire();
    int packets = 1500;
    // unconnected: a connected JDK socket silently skips sending empty datagrams
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      for (int i = 0; i < packets; i++) {
        byte[] p;
        if (i % 2 == 0) {
          p = new byte[random.nextInt(300)];
          random.nextBytes(p);
        } else {
          p = valid.clone();
          for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            p[random.nextInt(p.length)] = (byte) random.nextInt(256);
          }
          p = Arrays.copyOf(p, Math.max(0, p.length - random.nextInt(6)));
        }
        s.send(new DatagramPacket(p, p.length, server.address()));
        if (i % 10 == 0) {
          Thread.sleep(
              2); // the kernel drops loopback datagrams on a full buffer; we count, not stress
        }
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(total("udp")).as(registry.getMetersAsString()).isEqualTo(packets));
    assertThat(addresses(query("s3.amazonaws.com.", Type.A, false))).containsExactly("10.100.0.7");
    assertThat(addresses(query("s3.amazonaws.com.", Type.A, true))).containsExactly("10.100.0.7");
  }

  @Test
  void portInUse_isAClearStartupError() {
    DnsConfig taken =
        new DnsConfig(
            LOOPBACK,
            server.address().getPort(),
            List.of(PROXY_V4),
            cluster.address(),
            DnsConfig.DEFAULT_SUFFIXES,
            DnsConfig.DEFAULT_TTL,
            Duration.ofMillis(300));
    try (AwsDnsServer second = new AwsDnsServer(taken, workers, registry)) {
      assertThatThrownBy(second::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use")
          .hasMessageContaining(String.valueOf(taken.port()));
    }
  }

  @Test
  void config_rejectsBadValues() {
    assertThatThrownBy(
            () ->
                new DnsConfig(
                    LOOPBACK,
                    53,
                    List.of(),
                    cluster.address(),
                    DnsConfig.DEFAULT_SUFFIXES,
                    DnsConfig.DEFAULT_TTL,
                    Duration.ofSeconds(1)))
        .hasMessageContaining("proxyAddresses");
    assertThatThrownBy(
            () ->
                new DnsConfig(
                    LOOPBACK,
                    70000,
                    List.of(PROXY_V4),
                    cluster.address(),
                    DnsConfig.DEFAULT_SUFFIXES,
                    DnsConfig.DEFAULT_TTL,
                    Duration.ofSeconds(1)))
        .hasMessageContaining("port");
    assertThatThrownBy(
            () ->
                new DnsConfig(
                    LOOPBACK,
                    53,
                    List.of(PROXY_V4),
                    cluster.address(),
                    List.of(" . "),
                    DnsConfig.DEFAULT_TTL,
                    Duration.ofSeconds(1)))
        .hasMessageContaining("suffixes");
    assertThat(DnsConfig.of(List.of(PROXY_V4), cluster.address()).suffixes())
        .containsExactly("amazonaws.com", "amazonaws.com.cn");
  }

  private AwsDnsServer start(List<InetAddress> proxy, InetSocketAddress upstream) {
    AwsDnsServer s =
        new AwsDnsServer(
            new DnsConfig(
                LOOPBACK,
                0,
                proxy,
                upstream,
                List.of("amazonaws.com.", "AmazonAWS.com.cn"),
                DnsConfig.DEFAULT_TTL,
                Duration.ofMillis(300)),
            workers,
            registry);
    s.start();
    return s;
  }

  private Message query(String name, int type, boolean tcp) throws Exception {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTCP(tcp);
    resolver.setEDNS(0);
    resolver.setTimeout(Duration.ofSeconds(3));
    return resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private byte[] rawUdp(byte[] query) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      s.setSoTimeout(3000);
      s.connect(server.address());
      s.send(new DatagramPacket(query, query.length));
      DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
      s.receive(p);
      return Arrays.copyOf(p.getData(), p.getLength());
    }
  }

  private static List<String> addresses(Message reply) {
    return reply.getSection(Section.ANSWER).stream().map(r -> r.rdataToString()).toList();
  }

  private double count(String transport, String outcome) {
    var c =
        registry
            .find("netmapper_aws_dns_queries")
            .tags("transport", transport, "outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  private double total(String transport) {
    return registry
        .find("netmapper_aws_dns_queries")
        .tag("transport", transport)
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static InetSocketAddress freeLoopbackPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      return new InetSocketAddress(LOOPBACK, s.getLocalPort());
    }
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
