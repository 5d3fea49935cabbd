package io.netmapper.sniffer.bench;

import io.netmapper.sniffer.capture.CaptureCounters;
import io.netmapper.sniffer.capture.PcapSource;
import io.netmapper.sniffer.collect.Aggregator;
import io.netmapper.sniffer.collect.Interval;
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
 * parses and aggregates it with the sniffer's code on one thread, and times tcpdump and tshark on
 * the same file when they are installed.
 *
 * <pre>java -cp ... io.netmapper.sniffer.bench.DnsPathBench [FILE] [N]</pre>
 */
public final class DnsPathBench {
  private DnsPathBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/netmapper-dns-bench.pcap");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      generate(file, n);
      System.out.printf(
          "generated %s: %,d responses, %,d bytes in %d ms%n",
          file, n, Files.size(file), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
    Counting counters = new Counting();
    List<String[]> rows = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 0; run < 5; run++) {
      counters.answers.reset();
      Aggregator aggregator = new Aggregator(1_000_000, Aggregator.Counters.NONE);
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long packets = PcapSource.readFile(file, aggregator, counters);
      Interval interval = aggregator.drain();
      long ns = System.nanoTime() - t0;
      long cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
      long answers = counters.answers.sum();
      // the rate is wall time; CPU time beside it tells a slower run from one that shared its core
      rows.add(
          new String[] {
            "sniffer read+decode+parse+aggregate (run " + (run + 1) + ")",
            String.format("%,d", packets),
            String.format("%,.0f", answers * 1e9 / ns),
            ms(ns),
            "distinct entries " + interval.dns().size() + ", thread CPU " + ms(cpuNs) + " ms"
          });
    }
    rows.add(
        external(
            "tcpdump -r FILE -w /dev/null",
            List.of("tcpdump", "-r", file.toString(), "-w", "/dev/null"),
            n));
    rows.add(
        external(
            "tshark -r FILE (to /dev/null)", List.of("tshark", "-n", "-r", file.toString()), n));
    rows.add(
        external(
            "tshark -r FILE -Y dns.flags.response==1 -T fields -e dns.qry.name -e dns.a",
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
                "dns.a"),
            n));
    System.out.println();
    System.out.println("| what | packets | responses/s | wall ms | note |");
    System.out.println("|---|---:|---:|---:|---|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
  }

  private static String ms(long ns) {
    return String.format("%,d", TimeUnit.NANOSECONDS.toMillis(ns));
  }

  private static String[] external(String label, List<String> cmd, int n)
      throws InterruptedException {
    try {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      int rc = p.waitFor();
      long ns = System.nanoTime() - t0;
      return new String[] {
        label, String.format("%,d", n), String.format("%,.0f", n * 1e9 / ns), ms(ns), "exit " + rc
      };
    } catch (IOException e) {
      return new String[] {label, "-", "-", "-", "not installed (" + cmd.get(0) + ")"};
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
        w.write(t + i, frame(client, port, dns));
      }
    }
  }

  private static byte[] frame(int clientHost, int clientPort, byte[] dns) {
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
        .put(new byte[] {10, (byte) 244, 1, (byte) clientHost});
    b.putShort((short) 53)
        .putShort((short) clientPort)
        .putShort((short) udpLen)
        .putShort((short) 0)
        .put(dns);
    return b.array();
  }
}
