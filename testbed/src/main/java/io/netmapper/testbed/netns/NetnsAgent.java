package io.netmapper.testbed.netns;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.xbill.DNS.Type;

/**
 * A tiny program started inside a network namespace by the tests. Actions, separated by {@code +}:
 *
 * <pre>
 *   dns-server IP[,IP...] NAME=A:1.2.3.4 NAME=AAAA:2001:db8::1 NAME=CNAME:TARGET ...
 *   query SERVER NAME A|AAAA udp|tcp     prints "ANSWER rcode ip..."
 *   listen IP PORT                        accepts and holds connections
 *   connect IP PORT HOLD_MS               prints "CONNECTED localPort"; HOLD_MS -1 holds until exit
 *   listen-close IP PORT                  accepts and closes at once (load tests)
 *   load-dns SERVER RATE SECONDS NAME...  RATE A queries per second over UDP, prints "DONE dns n"
 *   load-connect IP PORT RATE SECONDS     RATE short TCP connections per second, prints "DONE connect n"
 *   after-cgroup TEXT                     the actions after it wait (in the background) until the
 *                                         process's cgroup contains TEXT, then run: their sockets are
 *                                         created in the cgroup the test moved the process to
 * </pre>
 *
 * Prints READY once every action is set up, then runs until its stdin closes.
 */
public final class NetnsAgent {
  private static final List<AutoCloseable> HELD = new ArrayList<>();

  private NetnsAgent() {}

  public static void main(String[] args) throws Exception {
    try {
      List<List<String>> actions = new ArrayList<>();
      List<String> current = new ArrayList<>();
      for (String a : args) {
        if (a.equals("+")) {
          actions.add(current);
          current = new ArrayList<>();
        } else {
          current.add(a);
        }
      }
      actions.add(current);
      for (int i = 0; i < actions.size(); i++) {
        if (actions.get(i).get(0).equals("after-cgroup")) {
          String text = actions.get(i).get(1);
          List<List<String>> later = actions.subList(i + 1, actions.size());
          daemon("after-cgroup", () -> runAfterCgroup(text, later));
          break;
        }
        run(actions.get(i));
      }
    } catch (Exception e) {
      System.out.println("ERROR " + e);
      System.out.flush();
      System.exit(1);
    }
    System.out.println("READY");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the test to close stdin
    }
    for (AutoCloseable c : HELD) {
      c.close();
    }
    System.exit(0);
  }

  private static void run(List<String> a) throws Exception {
    switch (a.get(0)) {
      case "dns-server" -> dnsServer(a.get(1).split(","), a.subList(2, a.size()));
      case "query" -> query(a.get(1), a.get(2), a.get(3), a.get(4).equals("tcp"));
      case "listen" -> listen(a.get(1), Integer.parseInt(a.get(2)));
      case "connect" -> connect(a.get(1), Integer.parseInt(a.get(2)), Long.parseLong(a.get(3)));
      case "listen-close" -> listenClose(a.get(1), Integer.parseInt(a.get(2)));
      case "load-dns" ->
          loadDns(
              a.get(1),
              Integer.parseInt(a.get(2)),
              Integer.parseInt(a.get(3)),
              a.subList(4, a.size()));
      case "load-connect" ->
          loadConnect(
              a.get(1),
              Integer.parseInt(a.get(2)),
              Integer.parseInt(a.get(3)),
              Integer.parseInt(a.get(4)));
      default -> throw new IllegalArgumentException("unknown action " + a);
    }
  }

  private static void runAfterCgroup(String text, List<List<String>> actions) {
    try {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/cgroup"))
          .contains(text)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not moved to a cgroup containing " + text);
        }
        Thread.sleep(5);
      }
      for (List<String> action : actions) {
        run(action);
      }
    } catch (Exception e) {
      System.out.println("ERROR " + e);
      System.out.flush();
    }
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  // ---- DNS server ----------------------------------------------------------------------------

  private static void dnsServer(String[] ips, List<String> zoneSpec) throws IOException {
    Map<Name, List<Record>> zone = new HashMap<>();
    for (String entry : zoneSpec) {
      int eq = entry.indexOf('=');
      int colon = entry.indexOf(':', eq);
      Name name = Name.fromString(entry.substring(0, eq) + ".");
      String type = entry.substring(eq + 1, colon);
      String value = entry.substring(colon + 1);
      Record r =
          switch (type) {
            case "A" -> new ARecord(name, DClass.IN, 300, InetAddress.getByName(value));
            case "AAAA" -> new AAAARecord(name, DClass.IN, 300, InetAddress.getByName(value));
            case "CNAME" -> new CNAMERecord(name, DClass.IN, 300, Name.fromString(value + "."));
            default -> throw new IllegalArgumentException("record type " + type);
          };
      zone.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
    for (String ip : ips) {
      DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 53));
      ServerSocket tcp = new ServerSocket();
      tcp.bind(new InetSocketAddress(InetAddress.getByName(ip), 53));
      HELD.add(udp);
      HELD.add(tcp);
      daemon("udp-" + ip, () -> serveUdp(udp, zone));
      daemon("tcp-" + ip, () -> serveTcp(tcp, zone));
    }
  }

  private static byte[] answer(byte[] query, Map<Name, List<Record>> zone) throws IOException {
    Message q = new Message(query);
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.AA);
    Record question = q.getQuestion();
    r.addRecord(question, Section.QUESTION);
    Name name = question.getName();
    boolean found = false;
    for (int hops = 0; hops < 8; hops++) {
      List<Record> records = zone.get(name);
      if (records == null) {
        break;
      }
      found = true;
      Name next = null;
      for (Record rec : records) {
        if (rec instanceof CNAMERecord c) {
          r.addRecord(rec, Section.ANSWER);
          next = c.getTarget();
        } else if (rec.getType() == question.getType()) {
          r.addRecord(rec, Section.ANSWER);
        }
      }
      if (next == null) {
        break;
      }
      name = next;
    }
    if (!found) {
      r.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return r.toWire();
  }

  private static void serveUdp(DatagramSocket socket, Map<Name, List<Record>> zone) {
    byte[] buf = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
        byte[] out = answer(query, zone);
        socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private static void serveTcp(ServerSocket server, Map<Name, List<Record>> zone) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        int len = in.readUnsignedShort();
        byte[] query = in.readNBytes(len);
        byte[] answer = answer(query, zone);
        out.writeShort(answer.length);
        out.write(answer);
        out.flush();
        in.read(); // wait for the client to close
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  // ---- DNS client ----------------------------------------------------------------------------

  private static void query(String server, String name, String type, boolean tcp)
      throws IOException {
    Record question = Record.newRecord(Name.fromString(name + "."), Type.value(type), DClass.IN);
    byte[] query = Message.newQuery(question).toWire();
    byte[] response;
    InetAddress address = InetAddress.getByName(server);
    if (tcp) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(address, 53), 5000);
        s.setSoTimeout(5000);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(query.length);
        out.write(query);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        response = in.readNBytes(in.readUnsignedShort());
      }
    } else {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(5000);
        s.send(new DatagramPacket(query, query.length, address, 53));
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        s.receive(p);
        response = java.util.Arrays.copyOf(p.getData(), p.getLength());
      }
    }
    Message m = new Message(response);
    StringBuilder sb = new StringBuilder("ANSWER ").append(Rcode.string(m.getHeader().getRcode()));
    for (Record r : m.getSection(Section.ANSWER)) {
      sb.append(' ').append(r.rdataToString());
    }
    System.out.println(sb);
  }

  // ---- TCP -----------------------------------------------------------------------------------

  private static void listen(String ip, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
    HELD.add(server);
    daemon(
        "listen-" + port,
        () -> {
          while (!server.isClosed()) {
            try {
              Socket s = server.accept();
              synchronized (HELD) {
                HELD.add(s);
              }
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private static void listenClose(String ip, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(ip), port), 512);
    HELD.add(server);
    daemon(
        "listen-close-" + port,
        () -> {
          while (!server.isClosed()) {
            try {
              server.accept().close();
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  /**
   * Runs {@code task} {@code rate} times per second for {@code seconds}, in steps of 10 ms; then
   * prints DONE.
   */
  private static void paced(
      String what, int rate, int seconds, java.util.function.IntConsumer task) {
    daemon(
        "load-" + what,
        () -> {
          long start = System.nanoTime();
          long total = (long) rate * seconds;
          long done = 0;
          while (done < total) {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (done < due) {
              task.accept((int) done++);
            }
            try {
              Thread.sleep(10);
            } catch (InterruptedException e) {
              return;
            }
          }
          System.out.println("DONE " + what + " " + done);
          System.out.flush();
        });
  }

  private static void loadDns(String server, int rate, int seconds, List<String> names)
      throws IOException {
    DatagramSocket socket = new DatagramSocket();
    HELD.add(socket);
    InetAddress address = InetAddress.getByName(server);
    List<byte[]> queries = new ArrayList<>();
    for (String n : names) {
      queries.add(
          Message.newQuery(Record.newRecord(Name.fromString(n + "."), Type.A, DClass.IN)).toWire());
    }
    daemon(
        "drain-dns",
        () -> {
          byte[] buf = new byte[4096];
          while (!socket.isClosed()) {
            try {
              socket.receive(new DatagramPacket(buf, buf.length));
            } catch (IOException e) {
              return;
            }
          }
        });
    paced(
        "dns",
        rate,
        seconds,
        i -> {
          byte[] q = queries.get(i % queries.size()).clone();
          q[0] = (byte) (i >> 8);
          q[1] = (byte) i;
          try {
            socket.send(new DatagramPacket(q, q.length, address, 53));
          } catch (IOException e) {
            // counted by the sniffer's absence of answers; the load goes on
          }
        });
  }

  private static void loadConnect(String ip, int port, int rate, int seconds) throws IOException {
    InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(ip), port);
    paced(
        "connect",
        rate,
        seconds,
        i -> {
          try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // RST on close: no TIME_WAIT pile-up in the client namespace
            s.connect(target, 1000);
          } catch (IOException e) {
            // the load goes on
          }
        });
  }

  private static void connect(String ip, int port, long holdMillis) throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getByName(ip), port), 5000);
    System.out.println("CONNECTED " + s.getLocalPort());
    if (holdMillis < 0) {
      HELD.add(s);
      return;
    }
    Thread.sleep(holdMillis);
    s.close();
  }
}
