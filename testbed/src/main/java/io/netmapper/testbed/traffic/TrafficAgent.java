package io.netmapper.testbed.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A pod's program: listens on its ports, resolves names through the cluster DNS with the pod's
 * search path (as a pod's resolv.conf would), and opens TCP connections as the scenario says.
 * Long-lived connections are opened at once; short and periodic traffic starts on a {@code GO} line
 * on stdin. Prints {@code READY} when set up; exits when stdin closes. {@code REPLAY} opens every
 * traffic entry's connection once more and {@code PROBE <address> <port>} tries one connection;
 * both answer with {@code RESULT ...} lines (policy enforcement).
 *
 * <pre>
 * TrafficAgent --dns IP --search a,b,c [--listen PORT]... [--traffic TARGET|PORT|MODE|INTERVAL_MS|DELAY_MS]...
 * </pre>
 */
public final class TrafficAgent {
  private static final List<Object> HELD =
      java.util.Collections.synchronizedList(new ArrayList<>());

  private TrafficAgent() {}

  record Traffic(String target, int port, String mode, long intervalMillis, long delayMillis) {}

  // the record types a lookup asks for, in order: an IPv6-only pod asks for AAAA only
  private static int[] families = {Type.A, Type.AAAA};

  public static void main(String[] args) throws Exception {
    String dns = null;
    List<Name> search = new ArrayList<>();
    List<Integer> listen = new ArrayList<>();
    List<Traffic> traffic = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--dns" -> dns = value;
        case "--families" -> families = value.equals("IPv6") ? new int[] {Type.AAAA} : families;
        case "--search" -> {
          for (String s : value.split(",")) {
            search.add(Name.fromString(s + "."));
          }
        }
        case "--listen" -> listen.add(Integer.parseInt(value));
        case "--traffic" -> {
          String[] p = value.split("\\|");
          traffic.add(
              new Traffic(
                  p[0],
                  Integer.parseInt(p[1]),
                  p[2],
                  Long.parseLong(p[3]),
                  p.length > 4 ? Long.parseLong(p[4]) : 0));
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    for (int port : listen) {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(port));
      HELD.add(server);
      daemon(() -> accept(server));
    }
    SimpleResolver resolver = dns == null ? null : new SimpleResolver(dns);
    for (Traffic t : traffic) {
      if (t.mode.equals("long") && t.delayMillis == 0) {
        Socket s = connectPatiently(resolver, search, t);
        if (s != null) {
          HELD.add(s);
        }
      }
    }
    System.out.println("READY");
    System.out.flush();
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      if (line.trim().equals("REPLAY")) {
        // policy enforcement: every traffic entry once more, each answered with a RESULT line
        for (Traffic t : traffic) {
          String address = "-";
          try {
            address = resolve(resolver, search, t.target).getHostAddress();
            try (Socket s = new Socket()) {
              s.connect(new InetSocketAddress(InetAddress.getByName(address), t.port), 3000);
            }
            System.out.println("RESULT REPLAY-OK " + t.target + " " + address + " " + t.port);
          } catch (IOException e) {
            System.out.println(
                "RESULT REPLAY-FAILED "
                    + t.target
                    + " "
                    + address
                    + " "
                    + t.port
                    + " "
                    + e.getMessage());
          }
          System.out.flush();
        }
      } else if (line.startsWith("PROBE ")) {
        // PROBE <address> <port>: refused means the packet got through (nothing listens); a
        // timeout means it was dropped on the way
        String[] f = line.trim().split(" ");
        try (Socket s = new Socket()) {
          s.connect(
              new InetSocketAddress(InetAddress.getByName(f[1]), Integer.parseInt(f[2])), 1500);
          System.out.println("RESULT PROBE-PASSED " + f[1] + " " + f[2] + " connected");
        } catch (java.net.SocketTimeoutException e) {
          System.out.println("RESULT PROBE-BLOCKED " + f[1] + " " + f[2] + " timeout");
        } catch (IOException e) {
          System.out.println("RESULT PROBE-PASSED " + f[1] + " " + f[2] + " " + e.getMessage());
        }
        System.out.flush();
      } else if (line.trim().equals("GO")) {
        for (Traffic t : traffic) {
          if (t.mode.equals("long") && t.delayMillis > 0) {
            // a long-lived connection opened while the sniffer runs (its lookup is seen too)
            daemon(
                () -> {
                  sleep(t.delayMillis);
                  Socket s = connectPatiently(resolver, search, t);
                  if (s != null) {
                    HELD.add(s);
                  }
                });
          } else if (t.mode.equals("lookup")) {
            // resolve only, connect nowhere (a client that looks a name up and gives up), every
            // interval
            daemon(
                () -> {
                  sleep(t.delayMillis);
                  while (true) {
                    lookupOnly(resolver, search, t);
                    sleep(t.intervalMillis);
                  }
                });
          } else if (t.mode.equals("short")) {
            daemon(
                () -> {
                  sleep(t.delayMillis);
                  shortConnection(resolver, search, t);
                });
          } else if (t.mode.equals("periodic")) {
            daemon(
                () -> {
                  sleep(t.delayMillis);
                  while (true) {
                    shortConnection(resolver, search, t);
                    sleep(t.intervalMillis);
                  }
                });
          }
        }
      }
    }
    System.exit(0);
  }

  private static void lookupOnly(SimpleResolver resolver, List<Name> search, Traffic t) {
    try {
      InetAddress a = resolve(resolver, search, t.target);
      System.out.println("RESOLVED " + t.target + " " + a.getHostAddress());
    } catch (IOException e) {
      System.out.println("LOOKUP-FAILED " + t.target + " " + e.getMessage());
    }
    System.out.flush();
  }

  private static void shortConnection(SimpleResolver resolver, List<Name> search, Traffic t) {
    Socket s = connect(resolver, search, t);
    if (s != null) {
      try (s) {
        OutputStream out = s.getOutputStream();
        out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        System.out.println("SEND-FAILED " + t.target + " " + e.getMessage());
      }
    }
  }

  /**
   * Every pod starts at once, so a server may not listen yet: a long-lived connection is retried
   * (as a real client reconnects) until it holds or 30 s have passed.
   */
  private static Socket connectPatiently(SimpleResolver resolver, List<Name> search, Traffic t) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return open(resolver, search, t);
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          System.out.println("CONNECT-FAILED " + t.target + ":" + t.port + " " + e.getMessage());
          System.out.flush();
          return null;
        }
        sleep(200);
      }
    }
  }

  private static Socket connect(SimpleResolver resolver, List<Name> search, Traffic t) {
    try {
      return open(resolver, search, t);
    } catch (IOException e) {
      System.out.println("CONNECT-FAILED " + t.target + ":" + t.port + " " + e.getMessage());
      System.out.flush();
      return null;
    }
  }

  private static Socket open(SimpleResolver resolver, List<Name> search, Traffic t)
      throws IOException {
    InetAddress address = resolve(resolver, search, t.target);
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(address, t.port), 3000);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    System.out.println(
        "CONNECTED "
            + System.currentTimeMillis()
            + " "
            + t.target
            + " "
            + address.getHostAddress()
            + ":"
            + t.port
            + " from "
            + s.getLocalPort());
    System.out.flush();
    return s;
  }

  private static InetAddress resolve(SimpleResolver resolver, List<Name> search, String target)
      throws IOException {
    if (target.matches("[0-9.]+") || target.contains(":")) {
      return InetAddress.getByName(target); // a literal: no lookup
    }
    for (int type : families) {
      Lookup lookup = new Lookup(target, type);
      lookup.setResolver(resolver);
      lookup.setCache(null); // every connection asks the cluster DNS, as short-lived pods do
      lookup.setSearchPath(search.toArray(new Name[0]));
      Record[] records = lookup.run();
      if (records != null && records.length > 0) {
        Record r = records[0];
        return r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress();
      }
    }
    throw new IOException("cannot resolve " + target);
  }

  private static void accept(ServerSocket server) {
    while (true) {
      try {
        Socket s = server.accept();
        daemon(() -> drain(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void drain(Socket s) {
    try (s;
        InputStream in = s.getInputStream()) {
      byte[] buf = new byte[256];
      while (in.read(buf) >= 0) {
        // keep the connection until the client closes it
      }
    } catch (IOException e) {
      // client went away
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r);
    t.setDaemon(true);
    t.start();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
