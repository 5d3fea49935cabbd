package io.netmapper.sniffer.bench;

import io.netmapper.sniffer.capture.NetnsThreads;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import io.netmapper.sniffer.procfs.NamespaceScanner;
import io.netmapper.sniffer.procfs.ProcFixture;
import io.netmapper.sniffer.procfs.ScanCounters;
import io.netmapper.sniffer.procfs.ScanResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Socket scan benchmark: N network namespaces with C established client connections each. Mode
 * {@code netns} (root): real namespaces, each held by a {@code sleep} process, each with a veth
 * pair with 192.0.2.1 (only inside that namespace), a listener and C connections to it; the scan
 * reads the real /proc. The sockets are held by helper JVMs in the machine's own namespace (as
 * before by the bench JVM itself: still no process inside the pod namespace owns them), at most 500
 * namespaces' worth each, so the measuring JVM has only the descriptors a sniffer has and no helper
 * exceeds a 20,000 file limit. Mode {@code fixture}: the same shape as a fixture proc tree on
 * tmpfs. Prints ms per pass.
 *
 * <pre>java -cp ... io.netmapper.sniffer.bench.ScanBench [netns|fixture|both] [N] [C]</pre>
 */
public final class ScanBench {
  private ScanBench() {}

  private static final class Count implements Observations {
    final LongAdder connections = new LongAdder();
    final LongAdder listeners = new LongAdder();

    @Override
    public void dnsAnswer(DnsAnswer answer) {}

    @Override
    public void connection(ConnectionSeen connection) {
      connections.increment();
    }

    @Override
    public void listener(ListenerSeen listener) {
      listeners.increment();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("hold")) {
      hold(Integer.parseInt(args[1]), List.of(args).subList(2, args.length));
      return;
    }
    String mode = args.length > 0 ? args[0] : "both";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int c = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    List<String> rows = new ArrayList<>();
    rows.add(measure("real /proc of this machine, as is", Path.of("/proc"), 20, true));
    if (mode.equals("fixture") || mode.equals("both")) {
      Path root = Files.createTempDirectory(Path.of("/dev/shm"), "nm-scan-bench");
      try {
        fixture(root, n, c);
        rows.add(
            measure(
                "fixture tree on tmpfs: "
                    + n
                    + " netns x "
                    + c
                    + " connections, tables read every pass",
                root,
                20,
                false));
        rows.add(measure("same, steady state (TCP counters unchanged)", root, 20, true));
      } finally {
        Bench.deleteTree(root);
      }
    }
    if (mode.equals("netns") || mode.equals("both")) {
      try (RealNamespaces real = new RealNamespaces(n, c)) {
        System.out.println("holding " + real.names.size() + " namespaces");
        rows.add(
            measure(
                "real /proc + " + n + " real netns x " + c + " connections, tables read every pass",
                Path.of("/proc"),
                10,
                false));
        rows.add(
            measure("same, steady state (TCP counters unchanged)", Path.of("/proc"), 20, true));
      }
    }
    System.out.println();
    System.out.println(
        "| scan of | namespaces | processes | connections | listeners | median ms | p90 ms | min ms | median CPU ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static String measure(String label, Path procRoot, int passes, boolean reuse) {
    try (NamespaceScanner scanner =
        new NamespaceScanner(
            procRoot,
            procRoot.resolve("1/ns/net"),
            ScanCounters.NONE,
            Clock.systemUTC(),
            reuse ? java.time.Duration.ofMinutes(10) : java.time.Duration.ZERO)) {
      return measure(label, scanner, passes);
    }
  }

  private static String measure(String label, NamespaceScanner scanner, int passes) {
    double[] ms = new double[passes];
    double[] cpu = new double[passes];
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    ScanResult last = null;
    Count count = new Count();
    for (int i = 0; i < 3; i++) {
      scanner.scan(count); // warm-up
    }
    for (int i = 0; i < passes; i++) {
      Count pass = new Count();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      last = scanner.scan(pass);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
      count = pass;
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    return String.format(
        "| %s | %,d (%,d unchanged) | %,d | %,d | %,d | %.1f | %.1f | %.1f | %.1f |",
        label,
        last.namespaces(),
        last.unchanged(),
        last.processes(),
        count.connections.sum(),
        count.listeners.sum(),
        ms[passes / 2],
        ms[(int) (passes * 0.9)],
        ms[0],
        cpu[passes / 2]);
  }

  private static void fixture(Path root, int n, int c) {
    ProcFixture f = new ProcFixture(root);
    f.process(1, 4026531992L, "systemd", "0::/init.scope\n");
    long inode = 100_000;
    for (int i = 0; i < n; i++) {
      long ns = 4026540000L + i;
      int pid = 10_000 + 2 * i;
      String uid = String.format("%08x-0000-4000-8000-%012x", i, i);
      String cgroup =
          "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
              + uid.replace('-', '_')
              + ".slice/cri-containerd-"
              + "ab".repeat(32)
              + ".scope\n";
      f.process(pid, ns, "pause", cgroup);
      f.process(pid + 1, ns, "app", cgroup);
      String ip = "10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".2";
      f.socket(ns, "0.0.0.0", 8080, "0.0.0.0", 0, 0x0A, inode++, pid + 1)
          .tcpCounters(ns, c, 2L * c + 1);
      for (int k = 0; k < c; k++) {
        f.socket(ns, ip, 40000 + k, "10.96.0." + (k + 1), 443, 0x01, inode++, pid + 1);
        f.socket(ns, ip, 8080, "10.1.0." + (k + 1), 50000 + k, 0x01, inode++, pid + 1);
      }
    }
    f.write();
  }

  /** Helper mode: a listener and C connections in each named namespace, held until stdin closes. */
  private static void hold(int c, List<String> namespaces) throws Exception {
    List<AutoCloseable> sockets = new ArrayList<>();
    for (String ns : namespaces) {
      NetnsThreads.enter(Path.of("/var/run/netns", ns));
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 8080), c);
      sockets.add(server);
      for (int k = 0; k < c; k++) {
        Socket client = new Socket();
        client.connect(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 8080));
        sockets.add(client);
        sockets.add(server.accept());
      }
    }
    System.out.println("ok");
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold until the bench closes our stdin (or dies)
    }
    for (AutoCloseable s : sockets) {
      s.close();
    }
  }

  /**
   * N real namespaces held by sleep processes, each with a listener and C connections inside it.
   */
  private static final class RealNamespaces implements AutoCloseable {
    private final String prefix =
        "nmscan" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final List<String> names = new ArrayList<>();
    private final List<Process> holders = new ArrayList<>();

    /**
     * Namespaces per socket-holding helper JVM: 500 x 21 sockets stay under a 20,000 file limit.
     */
    private static final int PER_HOLDER = 500;

    RealNamespaces(int n, int c) throws Exception {
      long t0 = System.nanoTime();
      try {
        for (int i = 0; i < n; i++) {
          String ns = prefix + "-" + i;
          run("ip", "netns", "add", ns);
          names.add(ns);
          Process p =
              new ProcessBuilder(
                      "ip",
                      "netns",
                      "exec",
                      ns,
                      "sh",
                      "-c",
                      "ip link set lo up && ip link add d0 type veth peer name d1 && ip addr add 192.0.2.1/24 dev d0"
                          + " && ip link set d1 up && ip link set d0 up && echo ok && exec sleep 3600")
                  .redirectErrorStream(true)
                  .start();
          holders.add(p);
          String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
          if (!"ok".equals(line)) {
            throw new IllegalStateException("namespace " + ns + " setup failed: " + line);
          }
          p.getInputStream().close(); // 1,000 holders: keep no pipes open
          p.getOutputStream().close();
          p.getErrorStream().close();
        }
        for (int from = 0; from < n; from += PER_HOLDER) {
          List<String> cmd =
              new ArrayList<>(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx64m",
                      "-XX:+UseSerialGC",
                      "-cp",
                      System.getProperty("java.class.path"),
                      ScanBench.class.getName(),
                      "hold",
                      Integer.toString(c)));
          cmd.addAll(names.subList(from, Math.min(n, from + PER_HOLDER)));
          Process h =
              new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
          holders.add(h);
          String line = new BufferedReader(new InputStreamReader(h.getInputStream())).readLine();
          if (!"ok".equals(line)) {
            throw new IllegalStateException(
                "socket holder for namespaces from " + from + " failed: " + line);
          }
        }
      } catch (Exception | Error e) {
        close();
        throw e;
      }
      System.out.printf(
          "created %d namespaces with %d connections each in %.1f s%n",
          n, c, (System.nanoTime() - t0) / 1e9);
    }

    private static void run(String... cmd) throws Exception {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
      }
    }

    @Override
    public void close() {
      holders.forEach(Process::destroyForcibly);
      for (Process p : holders) {
        try {
          p.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (String ns : names) {
        try {
          run("ip", "netns", "del", ns);
        } catch (Exception e) {
          System.err.println("cleanup: " + e.getMessage());
        }
      }
    }
  }
}
