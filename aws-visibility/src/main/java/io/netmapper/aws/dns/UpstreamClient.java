package io.netmapper.aws.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends a query's bytes to the cluster DNS unchanged and returns the answer's bytes unchanged, so
 * id, flags, EDNS and the TC bit reach the client as the cluster DNS set them.
 */
final class UpstreamClient {

  private final InetSocketAddress upstream;
  private final int timeoutMillis;

  UpstreamClient(InetSocketAddress upstream, Duration timeout) {
    this.upstream = upstream;
    this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /** Empty when the cluster DNS did not answer in time or could not be reached. */
  Optional<byte[]> udp(byte[] query) throws IOException {
    // A fresh socket per query gets a random source port from the kernel: answers cannot be
    // spoofed by guessing a long-lived port, and no demultiplexing by id is needed.
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(upstream);
      socket.setSoTimeout(timeoutMillis);
      socket.send(new DatagramPacket(query, query.length));
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      byte[] buf = new byte[65535];
      while (true) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          return Optional.empty();
        } catch (java.net.PortUnreachableException e) {
          return Optional.empty();
        }
        if (p.getLength() >= 2 && buf[0] == query[0] && buf[1] == query[1]) {
          byte[] out = new byte[p.getLength()];
          System.arraycopy(buf, 0, out, 0, p.getLength());
          return Optional.of(out);
        }
        int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
        if (left <= 0) {
          return Optional.empty();
        }
        socket.setSoTimeout(left);
      }
    }
  }

  /** Empty when the cluster DNS did not answer in time. */
  Optional<byte[]> tcp(byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(upstream, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int len = in.readUnsignedShort();
      byte[] answer = new byte[len];
      in.readFully(answer);
      return Optional.of(answer);
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
  }
}
