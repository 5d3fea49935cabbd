package io.netmapper.testbed.cluster;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The cluster DNS server (what CoreDNS is on a real node): Service names, pod names and the
 * scenario's external names with their CNAME chains, over UDP and TCP. Unknown names: NXDOMAIN.
 */
public final class ClusterDns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDns.class);
  private static final long TTL = 5;

  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final List<AutoCloseable> sockets = new ArrayList<>();
  private volatile boolean running = true;

  public void a(String name, String ip) {
    add(name, ip.contains(":") ? Type.AAAA : Type.A, ip);
  }

  public void cname(String name, String target) {
    Name n = name(name);
    records
        .computeIfAbsent(n, k -> new ArrayList<>())
        .add(new CNAMERecord(n, DClass.IN, TTL, name(target)));
  }

  /** Replaces every address of a name (a pod that came back with a new address). */
  public void replace(String name, String ip) {
    records.remove(name(name));
    a(name, ip);
  }

  /**
   * Sets every address of a name (a headless Service whose endpoints changed); no addresses: the
   * name is gone (NXDOMAIN), as for a headless Service without endpoints.
   */
  public void set(String name, List<String> ips) {
    records.remove(name(name));
    ips.forEach(ip -> a(name, ip));
  }

  /** A name that exists without addresses: queries get an empty NOERROR answer (NODATA). */
  public void empty(String name) {
    records.computeIfAbsent(name(name), k -> new ArrayList<>());
  }

  private void add(String name, int type, String ip) {
    Name n = name(name);
    try {
      InetAddress address = InetAddress.getByName(ip);
      Record r =
          type == Type.A
              ? new ARecord(n, DClass.IN, TTL, address)
              : new AAAARecord(n, DClass.IN, TTL, address);
      records.computeIfAbsent(n, k -> new ArrayList<>()).add(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad address " + ip + " for " + name);
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad DNS name " + text);
    }
  }

  /** Serves on UDP and TCP port 53 of the address (in the current network namespace). */
  public void start(String bindIp) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bindIp), 53);
    DatagramSocket udp = new DatagramSocket(address);
    ServerSocket tcp = new ServerSocket();
    tcp.bind(address);
    sockets.add(udp);
    sockets.add(tcp);
    Thread u = new Thread(() -> serveUdp(udp), "dns-udp");
    u.setDaemon(true);
    u.start();
    Thread t = new Thread(() -> serveTcp(tcp), "dns-tcp");
    t.setDaemon(true);
    t.start();
    LOG.info("cluster DNS listening on {}:53 with {} names", bindIp, records.size());
  }

  private void serveUdp(DatagramSocket socket) {
    byte[] buf = new byte[4096];
    while (running) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        byte[] answer = answer(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        if (answer != null) {
          socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
        }
      } catch (IOException e) {
        if (running) {
          LOG.debug("dns udp: {}", e.toString());
        }
      }
    }
  }

  private void serveTcp(ServerSocket server) {
    while (running) {
      try (Socket s = server.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        byte[] answer = answer(query);
        if (answer != null) {
          DataOutputStream out = new DataOutputStream(s.getOutputStream());
          out.writeShort(answer.length);
          out.write(answer);
          out.flush();
        }
      } catch (IOException e) {
        if (running) {
          LOG.debug("dns tcp: {}", e.toString());
        }
      }
    }
  }

  byte[] answer(byte[] wire) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      return null;
    }
    Record question = query.getQuestion();
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    response.getHeader().setFlag(Flags.RD);
    response.getHeader().setFlag(Flags.RA);
    if (question == null) {
      response.getHeader().setRcode(Rcode.FORMERR);
      return response.toWire();
    }
    response.addRecord(question, Section.QUESTION);
    Name name = question.getName();
    boolean found = false;
    for (int hops = 0; hops < 8; hops++) {
      List<Record> rs = records.get(name);
      if (rs == null) {
        break;
      }
      found = true;
      Name next = null;
      for (Record r : rs) {
        if (r.getType() == question.getType()) {
          response.addRecord(r, Section.ANSWER);
        } else if (r.getType() == Type.CNAME) {
          response.addRecord(r, Section.ANSWER);
          next = ((CNAMERecord) r).getTarget();
        }
      }
      if (next == null) {
        break;
      }
      name = next;
    }
    response.getHeader().setRcode(found ? Rcode.NOERROR : Rcode.NXDOMAIN);
    return response.toWire(512);
  }

  @Override
  public void close() {
    running = false;
    for (AutoCloseable s : sockets) {
      try {
        s.close();
      } catch (Exception e) {
        // closing
      }
    }
  }
}
