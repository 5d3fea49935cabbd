package io.netmapper.sniffer.capture;

import io.netmapper.sniffer.collect.Observations;
import java.io.EOFException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live capture with libpcap on one device (by default {@code any}: every interface of the network
 * namespace, including veths created after start). The handle is opened on the capture thread
 * itself, so a thread factory that enters another network namespace captures there.
 */
public final class PcapSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PcapSource.class);

  /**
   * DNS responses over UDP and TCP, and TCP SYNs without ACK (IPv4; IPv6 without extension
   * headers).
   */
  public static final String FILTER =
      "udp src port 53 or tcp src port 53"
          + " or (ip and tcp and (tcp[13] & 0x12) == 0x02)"
          + " or (ip6 and ip6[6] == 6 and (ip6[53] & 0x12) == 0x02)";

  private final String device;
  private final int snaplen;
  private final int bufferBytes;
  private final Observations out;
  private final CaptureCounters counters;
  private final ThreadFactory threads;
  private volatile boolean running;
  private volatile PcapHandle handle;
  private Thread thread;

  public PcapSource(
      String device,
      int snaplen,
      int bufferBytes,
      Observations out,
      CaptureCounters counters,
      ThreadFactory threads) {
    this.device = device;
    this.snaplen = snaplen;
    this.bufferBytes = bufferBytes;
    this.out = out;
    this.counters = counters;
    this.threads = threads;
  }

  /** Opens the device and starts capturing; fails with a clear message when it cannot. */
  public void start() throws CaptureException {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    running = true;
    thread = threads.newThread(() -> run(opened));
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> opened.completeExceptionally(e));
    thread.start();
    try {
      opened.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      running = false;
      throw new CaptureException(
          "cannot capture on device '"
              + device
              + "': "
              + e.getCause().getMessage()
              + " (needs libpcap0.8 and the NET_RAW capability)",
          e.getCause());
    } catch (TimeoutException e) {
      running = false;
      throw new CaptureException("opening capture device '" + device + "' timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      throw new CaptureException("interrupted while opening capture device '" + device + "'", e);
    }
  }

  public boolean isRunning() {
    return running && thread != null && thread.isAlive();
  }

  private void run(CompletableFuture<Void> opened) {
    PcapHandle h;
    PacketDecoder decoder;
    try {
      h =
          new PcapHandle.Builder(device)
              .snaplen(snaplen)
              .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
              .timeoutMillis(100)
              .bufferSize(bufferBytes)
              .build();
      h.setFilter(FILTER, BpfProgram.BpfCompileMode.OPTIMIZE);
      decoder = new PacketDecoder(h.getDlt().value(), out, counters);
      if (!decoder.supportsLinkType()) {
        h.close();
        throw new PcapNativeException("unsupported link type " + h.getDlt());
      }
      handle = h;
      opened.complete(null);
    } catch (Throwable e) {
      opened.completeExceptionally(e);
      return;
    }
    LOG.info("capture on device {} started, link type {}, snaplen {}", device, h.getDlt(), snaplen);
    long lastStats = System.nanoTime();
    long droppedSoFar = 0;
    FastPcapReader fast = FastPcapReader.of(h);
    try {
      while (running) {
        if (fast != null) {
          int rc = fast.next();
          if (rc == FastPcapReader.PACKET) {
            decoder.decode(fast.buffer(), fast.caplen(), fast.timeNanos());
          } else if (rc < 0) {
            LOG.error("capture on device {} failed: {}", device, h.getError());
            break;
          }
        } else {
          byte[] raw = h.getNextRawPacket();
          if (raw != null) {
            decoder.decode(raw, raw.length, nanos(h.getTimestamp()));
          }
        }
        if (System.nanoTime() - lastStats > 1_000_000_000L) {
          lastStats = System.nanoTime();
          droppedSoFar = reportDrops(h, droppedSoFar);
        }
      }
    } catch (RuntimeException | org.pcap4j.core.NotOpenException e) {
      LOG.error("capture on device {} stopped: {}", device, e.toString());
    } finally {
      running = false;
      h.close();
    }
  }

  private long reportDrops(PcapHandle h, long droppedSoFar) {
    try {
      PcapStat stats = h.getStats();
      long dropped = stats.getNumPacketsDropped();
      if (dropped > droppedSoFar) {
        counters.kernelDropped(dropped - droppedSoFar);
        return dropped;
      }
    } catch (Exception e) {
      // statistics are best effort; the device may not support them
    }
    return droppedSoFar;
  }

  static long nanos(Timestamp ts) {
    if (ts == null) {
      return System.currentTimeMillis() * 1_000_000L;
    }
    return Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Decodes every packet of a pcap file (tests, benchmarks). Returns the number of packets read.
   */
  public static long readFile(Path file, Observations out, CaptureCounters counters)
      throws CaptureException {
    try (PcapHandle h = Pcaps.openOffline(file.toString())) {
      PacketDecoder decoder = new PacketDecoder(h.getDlt().value(), out, counters);
      long n = 0;
      FastPcapReader fast = FastPcapReader.of(h);
      while (fast != null) {
        int rc = fast.next();
        if (rc == FastPcapReader.EOF) {
          return n;
        }
        if (rc < 0) {
          throw new CaptureException("cannot read pcap file " + file + ": " + h.getError(), null);
        }
        if (rc == FastPcapReader.PACKET) {
          n++;
          decoder.decode(fast.buffer(), fast.caplen(), fast.timeNanos());
        }
      }
      while (true) {
        byte[] raw;
        try {
          raw = h.getNextRawPacketEx();
        } catch (EOFException e) {
          return n;
        } catch (TimeoutException e) {
          continue;
        }
        n++;
        decoder.decode(raw, raw.length, nanos(h.getTimestamp()));
      }
    } catch (PcapNativeException | org.pcap4j.core.NotOpenException e) {
      throw new CaptureException("cannot read pcap file " + file + ": " + e.getMessage(), e);
    }
  }
}
