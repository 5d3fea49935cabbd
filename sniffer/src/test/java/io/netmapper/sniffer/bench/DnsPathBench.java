package io.netmapper.sniffer.bench;

import io.netmapper.sniffer.capture.CaptureCounters;
import io.netmapper.sniffer.capture.PcapSource;
import io.netmapper.sniffer.collect.Aggregator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS path benchmark: generates a pcap file of N DNS responses (if missing), then reads, decodes,
 * parses and aggregates it with the sniffer's code on one thread, several times, and times tcpdump
 * and tshark on the same file in the same run. Two kinds of file: the default one repeats ~4,000
 * client/name pairs; {@code --distinct} makes every response a new client/name pair (a busy node:
 * short-lived clients, random names from a crawler or a scan).
 *
 * <p>The aggregator is the sniffer's: the default cap of 100,000 entries, a tenth of it per client,
 * and a hand-off that takes every full aggregate (as delivery does while it keeps up; building
 * batches from it runs on the sniffer's flush thread and is not part of this path).
 *
 * <pre>java -cp ... io.netmapper.sniffer.bench.DnsPathBench [--distinct] [FILE] [N] [RUNS]</pre>
 */
public final class DnsPathBench {
  private DnsPathBench() {}

  public static void main(String[] argv) throws Exception {
    List<String> args = new ArrayList<>(List.of(argv));
    boolean distinct = args.remove("--distinct");
    Path file =
        Path.of(
            args.size() > 0
                ? args.get(0)
                : distinct
                    ? "/tmp/netmapper-dns-bench-distinct.pcap"
                    : "/tmp/netmapper-dns-bench.pcap");
    int n = args.size() > 1 ? Integer.parseInt(args.get(1)) : 1_000_000;
    int runs = args.size() > 2 ? Integer.parseInt(args.get(2)) : 5;
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      if (distinct) {
        generateDistinct(file, n);
      } else {
        generate(file, n);
      }
      System.out.printf(
          "generated %s: %,d responses (%s), %,d bytes in %d ms%n",
          file,
          n,
          distinct ? "every one a new client/name pair" : "~4,000 client/name pairs",
          Files.size(file),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
    Counting counters = new Counting();
    List<String[]> rows = new ArrayList<>();
    List<long[]> warm = new ArrayList<>(); // wall ns, cpu ns, answers
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 0; run < runs; run++) {
      counters.answers.reset();
      String load = loadAverage();
      long[] handedOver = new long[2];
      Aggregator aggregator =
          new Aggregator(
              100_000,
              10_000,
              Aggregator.Counters.NONE,
              full -> {
                handedOver[0]++;
                handedOver[1] += full.size();
                return true;
              });
      long proc0 = processCpu();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long packets = PcapSource.readFile(file, aggregator, counters);
      int last = aggregator.size();
      aggregator.drain();
      long ns = System.nanoTime() - t0;
      long cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
      long procNs = processCpu() - proc0;
      long answers = counters.answers.sum();
      if (run > 0) {
        warm.add(new long[] {ns, cpuNs, answers});
      }
      // the rate is wall time; CPU time beside it tells a slower run from one that shared its core
      rows.add(
          new String[] {
            "sniffer read+decode+parse+aggregate (run "
                + (run + 1)
                + (run == 0 ? ", cold" : "")
                + ")",
            String.format("%,d", packets),
            String.format("%,.0f", answers * 1e9 / ns),
            ms(ns),
            ms(cpuNs),
            load,
            String.format(
                "process CPU %s ms (with GC and JIT); entries %,d in %d early hand-offs + %,d at"
                    + " the end",
                ms(procNs), handedOver[1] + last, handedOver[0], last)
          });
    }
    List<Long> tcpdump = new ArrayList<>();
    for (int run = 0; run < Math.max(3, runs - 1); run++) {
      String load = loadAverage();
      long ns = external(List.of("tcpdump", "-r", file.toString(), "-w", "/dev/null"));
      tcpdump.add(ns);
      rows.add(externalRow("tcpdump -r FILE -w /dev/null (run " + (run + 1) + ")", ns, n, load));
    }
    for (int run = 0; run < 3; run++) {
      String load = loadAverage();
      long ns = external(List.of("tshark", "-n", "-r", file.toString()));
      rows.add(externalRow("tshark -n -r FILE, to /dev/null (run " + (run + 1) + ")", ns, n, load));
    }
    String load = loadAverage();
    long fields =
        external(
            List.of(
                "tshark",
                "-n",
                "-r",
                file.toString(),
                "-Y",
                "dns.flags.response==1",
                "-T",
                "fields",
                "-e",
                "dns.qry.name",
                "-e",
                "dns.a"));
    rows.add(
        externalRow(
            "tshark -n -r FILE -Y dns.flags.response==1 -T fields -e dns.qry.name -e dns.a",
            fields,
            n,
            load));
    System.out.println();
    System.out.println(
        "| what | packets | responses/s | wall ms | thread CPU ms | load average (1/5/15 min) | note |");
    System.out.println("|---|---:|---:|---:|---:|---|---|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
    if (!warm.isEmpty()) {
      long[] rate = warm.stream().mapToLong(w -> (long) (w[2] * 1e9 / w[0])).sorted().toArray();
      long[] cpuPerM =
          warm.stream()
              .mapToLong(w -> (long) (w[1] / 1e6 * 1e6 / Math.max(1, w[2])))
              .sorted()
              .toArray();
      long[] cpuRate =
          warm.stream().mapToLong(w -> (long) (w[2] * 1e9 / Math.max(1, w[1]))).sorted().toArray();
      System.out.println();
      System.out.printf(
          "warm runs 2-%d: responses/s (wall) min/median/max %,d / %,d / %,d;"
              + " per CPU second %,d / %,d / %,d; thread CPU ms per million %,d / %,d / %,d%n",
          runs,
          rate[0],
          rate[rate.length / 2],
          rate[rate.length - 1],
          cpuRate[0],
          cpuRate[cpuRate.length / 2],
          cpuRate[cpuRate.length - 1],
          cpuPerM[0],
          cpuPerM[cpuPerM.length / 2],
          cpuPerM[cpuPerM.length - 1]);
      long[] td = tcpdump.stream().filter(t -> t > 0).mapToLong(Long::longValue).sorted().toArray();
      if (td.length > 0) {
        long tdRate = (long) (n * 1e9 / td[td.length / 2]);
        System.out.printf(
            "tcpdump median %,d responses/s; sniffer median / tcpdump median = %.2f%n",
            tdRate, (double) rate[rate.length / 2] / tdRate);
      }
    }
  }

  /** CPU time of the whole JVM: the reading thread, GC and JIT compiler threads. */
  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String ms(long ns) {
    return String.format("%,d", TimeUnit.NANOSECONDS.toMillis(ns));
  }

  /** Wall nanoseconds of the command, or -1 when it is not installed or failed. */
  private static long external(List<String> cmd) throws InterruptedException {
    if (Boolean.getBoolean("bench.skipExternal")) { // profiling the sniffer's part only
      return -1;
    }
    try {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      int rc = p.waitFor();
      return rc == 0 ? System.nanoTime() - t0 : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static String[] externalRow(String label, long ns, int n, String load) {
    if (ns < 0) {
      return new String[] {label, "-", "-", "-", "", load, "not installed or failed"};
    }
    return new String[] {
      label, String.format("%,d", n), String.format("%,.0f", n * 1e9 / ns), ms(ns), "", load, ""
    };
  }

  /**
   * Every response a new (client, name) pair: 65,536 client addresses in turn, a random name each
   * (a quarter behind a CNAME, a fifth AAAA, 1-3 addresses), random ids and ports.
   */
  static void generateDistinct(Path file, int n) throws Exception {
    SplittableRandom r = new SplittableRandom(43);
    long t = 1_764_129_600_000_000L;
    try (PcapWriter w = new PcapWriter(file)) {
      for (int i = 0; i < n; i++) {
        Name q =
            Name.fromString(
                "r"
                    + Long.toHexString(r.nextLong() >>> 16)
                    + ".crawl"
                    + (i % 97)
                    + ".example.com.");
        Message m = new Message(r.nextInt(65536));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        boolean v6 = i % 5 == 0;
        m.addRecord(Record.newRecord(q, v6 ? Type.AAAA : Type.A, DClass.IN), Section.QUESTION);
        Name target = q;
        if (i % 4 == 0) {
          target = Name.fromString("e" + Integer.toHexString(r.nextInt()) + ".cdn.example.net.");
          m.addRecord(new CNAMERecord(q, DClass.IN, 30, target), Section.ANSWER);
        }
        for (int a = 0; a < 1 + i % 3; a++) {
          byte[] addr = new byte[v6 ? 16 : 4];
          r.nextBytes(addr);
          java.net.InetAddress ip = java.net.InetAddress.getByAddress(addr);
          m.addRecord(
              v6
                  ? new AAAARecord(target, DClass.IN, 30, ip)
                  : new ARecord(target, DClass.IN, 30, ip),
              Section.ANSWER);
        }
        int client = i & 0xffff;
        w.write(t + i, frame(client >> 8, client & 0xff, 1024 + r.nextInt(60000), m.toWire()));
      }
    }
  }

  /** Counts answers only; other counters are no-ops. */
  static final class Counting implements CaptureCounters {
    final LongAdder answers = new LongAdder();

    @Override
    public void dnsAnswer() {
      answers.increment();
    }
  }

  static void generate(Path file, int n) throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    int names = 2000;
    List<byte[][]> templates = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      Name q = Name.fromString("svc" + i + ".ns" + (i % 37) + ".svc.cluster.local.");
      Message m = new Message(0);
      m.getHeader().setFlag(Flags.QR);
      m.getHeader().setFlag(Flags.RD);
      m.getHeader().setFlag(Flags.RA);
      boolean v6 = i % 5 == 0;
      m.addRecord(Record.newRecord(q, v6 ? Type.AAAA : Type.A, DClass.IN), Section.QUESTION);
      Name target = q;
      if (i % 4 == 0) {
        target = Name.fromString("edge" + i + ".cdn.example.net.");
        m.addRecord(new CNAMERecord(q, DClass.IN, 30, target), Section.ANSWER);
      }
      for (int a = 0; a < 1 + i % 3; a++) {
        if (v6) {
          m.addRecord(
              new AAAARecord(
                  target,
                  DClass.IN,
                  30,
                  java.net.InetAddress.getByName("2001:db8::" + (a + 1) + ":" + i)),
              Section.ANSWER);
        } else {
          m.addRecord(
              new ARecord(
                  target,
                  DClass.IN,
                  30,
                  java.net.InetAddress.getByAddress(
                      new byte[] {(byte) 198, 51, (byte) (100 + a), (byte) i})),
              Section.ANSWER);
        }
      }
      templates.add(new byte[][] {m.toWire()});
    }
    long t = 1_764_129_600_000_000L;
    try (PcapWriter w = new PcapWriter(file)) {
      for (int i = 0; i < n; i++) {
        // 250 clients, each asking for 16 of the 2,000 names: ~4,000 distinct (client, name) pairs
        int client = 2 + r.nextInt(250);
        byte[] dns = templates.get((client * 131 + r.nextInt(16)) % names)[0].clone();
        int id = r.nextInt(65536);
        dns[0] = (byte) (id >> 8);
        dns[1] = (byte) id;
        int port = 1024 + r.nextInt(60000);
        w.write(t + i, frame(1, client, port, dns));
      }
    }
  }

  private static byte[] frame(int clientNet, int clientHost, int clientPort, byte[] dns) {
    int udpLen = 8 + dns.length;
    int ipLen = 20 + udpLen;
    ByteBuffer b = ByteBuffer.allocate(14 + ipLen);
    b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
    b.put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) ipLen)
        .putShort((short) 0)
        .putShort((short) 0x4000)
        .put((byte) 64)
        .put((byte) 17)
        .putShort((short) 0)
        .put(new byte[] {10, 96, 0, 10})
        .put(new byte[] {10, (byte) 244, (byte) clientNet, (byte) clientHost});
    b.putShort((short) 53)
        .putShort((short) clientPort)
        .putShort((short) udpLen)
        .putShort((short) 0)
        .put(dns);
    return b.array();
  }
}
