package io.netmapper.aws.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A tiny cluster DNS on loopback (UDP + TCP, same port): {@code
 * kubernetes.default.svc.cluster.local} is 10.96.0.1; {@code big.cluster.local} has 100 A records
 * and is truncated over UDP; everything else is NXDOMAIN. It can be told to drop every query.
 * Records the raw bytes it received and sent.
 */
final class FakeClusterDns implements AutoCloseable {

  static final String KUBERNETES = "kubernetes.default.svc.cluster.local.";
  static final String BIG = "big.cluster.local.";

  final List<byte[]> received = new CopyOnWriteArrayList<>();
  final List<byte[]> sent = new CopyOnWriteArrayList<>();
  volatile boolean drop;
  private final DatagramSocket udp;
  private final ServerSocket tcp;

  FakeClusterDns() throws IOException {
    udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    tcp = new ServerSocket();
    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
    Thread u = new Thread(this::serveUdp, "fake-cluster-dns-udp");
    Thread t = new Thread(this::serveTcp, "fake-cluster-dns-tcp");
    u.setDaemon(true);
    t.setDaemon(true);
    u.start();
    t.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        byte[] q = Arrays.copyOf(p.getData(), p.getLength());
        received.add(q);
        if (drop) {
          continue;
        }
        byte[] a = answer(q, false);
        sent.add(a);
        udp.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        received.add(q);
        if (drop) {
          continue;
        }
        byte[] a = answer(q, true);
        sent.add(a);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(a.length);
        out.write(a);
        out.flush();
      } catch (IOException e) {
        // closed, or a client went away
      }
    }
  }

  private static byte[] answer(byte[] queryBytes, boolean tcp) throws IOException {
    Message query;
    try {
      query = new Message(queryBytes);
    } catch (IOException e) {
      // as CoreDNS does: FORMERR with the query's id
      Message formerr = new Message(((queryBytes[0] & 0xff) << 8) | (queryBytes[1] & 0xff));
      formerr.getHeader().setFlag(Flags.QR);
      formerr.getHeader().setRcode(Rcode.FORMERR);
      return formerr.toWire();
    }
    if (query.getQuestion() == null) {
      Message formerr = new Message(query.getHeader().getID());
      formerr.getHeader().setFlag(Flags.QR);
      formerr.getHeader().setRcode(Rcode.FORMERR);
      return formerr.toWire();
    }
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    Record question = query.getQuestion();
    reply.addRecord(question, Section.QUESTION);
    if (query.getOPT() != null) {
      reply.addRecord(query.getOPT(), Section.ADDITIONAL);
    }
    Name name = question.getName();
    if (name.equals(Name.fromString(KUBERNETES))) {
      reply.addRecord(
          new ARecord(name, DClass.IN, 5, InetAddress.getByAddress(new byte[] {10, 96, 0, 1})),
          Section.ANSWER);
    } else if (name.equals(Name.fromString(BIG))) {
      if (tcp) {
        for (int i = 0; i < 100; i++) {
          reply.addRecord(
              new ARecord(
                  name, DClass.IN, 5, InetAddress.getByAddress(new byte[] {10, 0, 1, (byte) i})),
              Section.ANSWER);
        }
      } else {
        reply.getHeader().setFlag(Flags.TC);
      }
    } else {
      reply.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return reply.toWire();
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
