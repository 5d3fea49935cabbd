package io.netmapper.sniffer.hostnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Real kernel lookups of loopback sockets this test opens in the JVM's own namespace (configures
 * nothing).
 */
class SockDiagSocketTest {
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  @Test
  void tcpClientSocket_isFoundWithItsInodeAndCgroupId() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        Socket client = new Socket("127.0.0.1", server.getLocalPort());
        Socket accepted = server.accept();
        SockDiagSocket diag = new SockDiagSocket()) {
      SockDiagCodec.Answer a =
          diag.lookup(
              SockDiagCodec.TCP, LOOPBACK, client.getLocalPort(), LOOPBACK, server.getLocalPort());
      assertThat(a.status()).isEqualTo(SockDiagCodec.Status.FOUND);
      assertThat(a.inode()).isPositive();
      assertThat(a.cgroupId()).isEqualTo(ownCgroupId());
    }
  }

  @Test
  void udpSocketWaitingForAnAnswer_isFoundByTheAnswersTuple() throws Exception {
    int serverPort;
    try (DatagramSocket server = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      serverPort = server.getLocalPort(); // closed: only the client can match the tuple
    }
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        SockDiagSocket diag = new SockDiagSocket()) {
      SockDiagCodec.Answer a =
          diag.lookup(SockDiagCodec.UDP, LOOPBACK, client.getLocalPort(), LOOPBACK, serverPort);
      assertThat(a.status()).isEqualTo(SockDiagCodec.Status.FOUND);
      assertThat(a.cgroupId()).isEqualTo(ownCgroupId());
    }
  }

  @Test
  void tcpClientSocket_isFoundByItsLocalEndAlone_asAfterDnat() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        Socket client = new Socket("127.0.0.1", server.getLocalPort());
        Socket accepted = server.accept();
        SockDiagSocket diag = new SockDiagSocket()) {
      // the JVM's sockets are dual-stack IPv6 ones: found in the IPv6 table as ::ffff:127.0.0.1
      SockDiagCodec.Answer a =
          diag.lookupByLocal(SockDiagCodec.TCP, LOOPBACK, client.getLocalPort());
      assertThat(a.status()).isEqualTo(SockDiagCodec.Status.FOUND);
      assertThat(a.state()).isEqualTo(1); // ESTABLISHED: the listener, same port, is not taken
      assertThat(a.cgroupId()).isEqualTo(ownCgroupId());
      // the socket after the dump answers again: the dump was read to its end
      assertThat(
              diag.lookup(
                      SockDiagCodec.TCP,
                      LOOPBACK,
                      client.getLocalPort(),
                      LOOPBACK,
                      server.getLocalPort())
                  .status())
          .isEqualTo(SockDiagCodec.Status.FOUND);
      assertThat(diag.lookupByLocal(SockDiagCodec.TCP, LOOPBACK, 1).status())
          .isEqualTo(SockDiagCodec.Status.NOT_FOUND);
    }
  }

  @Test
  void closedSocket_isNotFound() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      port = server.getLocalPort();
    }
    try (SockDiagSocket diag = new SockDiagSocket()) {
      assertThat(diag.lookup(SockDiagCodec.TCP, LOOPBACK, 1, LOOPBACK, port).status())
          .isEqualTo(SockDiagCodec.Status.NOT_FOUND);
    }
  }

  /** The inode of this JVM's cgroup v2 directory (the kernel's cgroup id), 0 without cgroup v2. */
  static long ownCgroupId() throws Exception {
    String path = null;
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      if (line.startsWith("0::")) {
        path = line.substring(3);
      }
    }
    for (String root : new String[] {"/sys/fs/cgroup/unified", "/sys/fs/cgroup"}) {
      Path dir = Path.of(root + path);
      if (path != null && Files.isRegularFile(Path.of(root, "cgroup.controllers"))) {
        return (Long) Files.getAttribute(dir, "unix:ino");
      }
    }
    return 0;
  }
}
