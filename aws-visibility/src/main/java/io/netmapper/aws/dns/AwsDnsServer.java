package io.netmapper.aws.dns;

import io.micrometer.core.instrument.MeterRegistry;
import io.netmapper.aws.dns.DnsMetrics.Outcome;
import io.netmapper.aws.dns.DnsMetrics.Transport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS server opted-in pods use as their only nameserver: AWS names resolve to the proxy,
 * everything else goes to the cluster DNS. One UDP and one TCP listener on the same port; each
 * query is handled on the given executor (forwarding blocks for up to the upstream timeout, so give
 * it a few threads).
 */
public final class AwsDnsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AwsDnsServer.class);
  private static final int TCP_IDLE_MILLIS = 10_000;

  private final DnsConfig config;
  private final Executor workers;
  private final DnsMetrics metrics;
  private final QueryHandler handler;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private DatagramSocket udp;
  private ServerSocket tcp;
  private Thread udpLoop;
  private Thread tcpLoop;

  public AwsDnsServer(DnsConfig config, Executor workers, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.metrics = new DnsMetrics(Objects.requireNonNull(registry, "registry"));
    this.handler =
        new QueryHandler(
            config, new UpstreamClient(config.upstream(), config.upstreamTimeout()), metrics);
  }

  /**
   * Binds UDP and TCP and starts serving.
   *
   * @throws IllegalStateException when the port is in use or cannot be bound
   */
  public synchronized void start() {
    if (udp != null) {
      throw new IllegalStateException("DNS server already started");
    }
    InetSocketAddress requested = new InetSocketAddress(config.bindAddress(), config.port());
    try {
      udp = new DatagramSocket(requested);
      // bursts (every pod starting at once) overflow the default buffer; the kernel caps this
      // at net.core.rmem_max
      udp.setReceiveBufferSize(1 << 20);
      InetSocketAddress bound = new InetSocketAddress(config.bindAddress(), udp.getLocalPort());
      tcp = new ServerSocket();
      tcp.setReuseAddress(true);
      tcp.bind(bound, 128);
    } catch (IOException e) {
      closeQuietly();
      udp = null;
      String why = e instanceof BindException ? "in use or not bindable" : "not bindable";
      throw new IllegalStateException(
          "DNS port " + requested + " is " + why + ": " + e.getMessage(), e);
    }
    udpLoop = new Thread(this::serveUdp, "netmapper-dns-udp");
    tcpLoop = new Thread(this::serveTcp, "netmapper-dns-tcp");
    udpLoop.setDaemon(true);
    tcpLoop.setDaemon(true);
    udpLoop.start();
    tcpLoop.start();
    LOG.info(
        "AWS visibility DNS listening on {} (udp+tcp), proxy {}, upstream {}, suffixes {}",
        address(),
        config.proxyAddresses(),
        config.upstream(),
        config.suffixes());
  }

  /** Where the server listens; the real port when the config asked for 0. */
  public InetSocketAddress address() {
    return new InetSocketAddress(config.bindAddress(), udp.getLocalPort());
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("DNS udp receive failed on {}: {}", address(), e.toString());
        }
        continue;
      }
      byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
      SocketAddress client = packet.getSocketAddress();
      try {
        workers.execute(() -> answerUdp(query, client));
      } catch (RejectedExecutionException e) {
        metrics.query(Transport.UDP, Outcome.DROPPED);
      }
    }
  }

  private void answerUdp(byte[] query, SocketAddress client) {
    Optional<byte[]> reply = handler.handle(query, Transport.UDP);
    if (reply.isEmpty()) {
      return;
    }
    try {
      udp.send(new DatagramPacket(reply.get(), reply.get().length, client));
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("DNS udp reply to {} failed: {}", client, e.toString());
      }
    }
  }

  private void serveTcp() {
    while (!closed) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("DNS tcp accept failed on {}: {}", address(), e.toString());
        }
        continue;
      }
      connections.add(socket);
      try {
        workers.execute(() -> serveConnection(socket));
      } catch (RejectedExecutionException e) {
        metrics.query(Transport.TCP, Outcome.DROPPED);
        closeConnection(socket);
      }
    }
  }

  /** RFC 7766: several length-prefixed queries may arrive on one connection, answered in order. */
  private void serveConnection(Socket socket) {
    try {
      socket.setSoTimeout(TCP_IDLE_MILLIS);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (!closed) {
        int length = in.readUnsignedShort();
        byte[] query = new byte[length];
        in.readFully(query);
        Optional<byte[]> reply = handler.handle(query, Transport.TCP);
        if (reply.isEmpty()) {
          return;
        }
        out.writeShort(reply.get().length);
        out.write(reply.get());
        out.flush();
      }
    } catch (EOFException | SocketTimeoutException e) {
      // the client is done, or idle for too long
    } catch (IOException e) {
      if (!closed) {
        LOG.debug(
            "DNS tcp connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
      }
    } finally {
      closeConnection(socket);
    }
  }

  private void closeConnection(Socket socket) {
    connections.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly();
    connections.forEach(this::closeConnection);
    for (Thread t : new Thread[] {udpLoop, tcpLoop}) {
      if (t != null) {
        try {
          t.join(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    LOG.info("AWS visibility DNS stopped");
  }

  private void closeQuietly() {
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      try {
        tcp.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
