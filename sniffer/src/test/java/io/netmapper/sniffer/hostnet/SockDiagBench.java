package io.netmapper.sniffer.hostnet;

import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Lookups per second of the NETLINK_SOCK_DIAG path (one exact 4-tuple request and its answer): TCP
 * sockets found, UDP sockets found, and misses (socket gone). The sockets are loopback ones this
 * JVM opens in its own namespace (nothing is configured). Prints one line per kind, with the
 * thread's CPU time per lookup.
 *
 * <pre>java -cp ... io.netmapper.sniffer.hostnet.SockDiagBench [connections] [seconds]</pre>
 */
public final class SockDiagBench {
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  private SockDiagBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<AutoCloseable> held = new ArrayList<>();
    try (ServerSocket server = new ServerSocket(0, n, InetAddress.getByName("127.0.0.1"));
        DatagramSocket udpServer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        SockDiagSocket diag = new SockDiagSocket()) {
      int[] tcpPorts = new int[n];
      int[] udpPorts = new int[n];
      for (int i = 0; i < n; i++) {
        Socket c = new Socket("127.0.0.1", server.getLocalPort());
        held.add(c);
        held.add(server.accept());
        tcpPorts[i] = c.getLocalPort();
        DatagramSocket u = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        held.add(u);
        udpPorts[i] = u.getLocalPort();
      }
      System.out.printf(
          "%d TCP connections and %d UDP sockets open; %d s per kind, after 2 s warm-up%n",
          n, n, seconds);
      for (String kind : new String[] {"tcp_found", "udp_found", "tcp_gone"}) {
        run(diag, kind, tcpPorts, udpPorts, server.getLocalPort(), udpServer.getLocalPort(), 2);
        run(
            diag,
            kind,
            tcpPorts,
            udpPorts,
            server.getLocalPort(),
            udpServer.getLocalPort(),
            seconds);
      }
    } finally {
      for (AutoCloseable c : held) {
        c.close();
      }
    }
  }

  private static void run(
      SockDiagSocket diag,
      String kind,
      int[] tcp,
      int[] udp,
      int tcpServer,
      int udpServer,
      int seconds) {
    var threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long count = 0;
    long unexpected = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++, count++) {
        int k = (int) (count % tcp.length);
        SockDiagCodec.Answer a =
            switch (kind) {
              case "tcp_found" ->
                  diag.lookup(SockDiagCodec.TCP, LOOPBACK, tcp[k], LOOPBACK, tcpServer);
              case "udp_found" ->
                  diag.lookup(SockDiagCodec.UDP, LOOPBACK, udp[k], LOOPBACK, udpServer);
              default -> diag.lookup(SockDiagCodec.TCP, LOOPBACK, 1 + k, LOOPBACK, tcpServer);
            };
        boolean expected =
            kind.endsWith("gone")
                ? a.status() == SockDiagCodec.Status.NOT_FOUND
                : a.status() == SockDiagCodec.Status.FOUND && a.cgroupId() != 0;
        if (!expected) {
          unexpected++;
        }
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    double cpuUs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / count;
    if (seconds > 2) {
      System.out.printf(
          "%-10s %,12.0f lookups/s  %6.2f µs CPU/lookup  unexpected answers %d%n",
          kind, count / secs, cpuUs, unexpected);
    }
  }
}
