package io.netmapper.sniffer;

import com.google.protobuf.MessageLite;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.common.health.HealthServer;
import io.netmapper.sniffer.capture.CaptureException;
import io.netmapper.sniffer.capture.NetnsThreads;
import io.netmapper.sniffer.capture.PcapSource;
import io.netmapper.sniffer.collect.Aggregator;
import io.netmapper.sniffer.deliver.IntervalReporter;
import io.netmapper.sniffer.deliver.ReportBuilder;
import io.netmapper.sniffer.hostnet.HostNetworkAttribution;
import io.netmapper.sniffer.hostnet.NodeSocketCapture;
import io.netmapper.sniffer.metrics.SnifferMetrics;
import io.netmapper.sniffer.procfs.CgroupPods;
import io.netmapper.sniffer.procfs.NamespaceScanner;
import io.netmapper.sniffer.procfs.ScanResult;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of the node agent: health/metrics server, delivery, capture, periodic socket scan and
 * periodic flush of the aggregate into report batches. Capture never waits for delivery.
 */
public final class Sniffer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sniffer.class);
  public static final String COMPONENT = "sniffer";

  private final SnifferConfig config;
  private final SnifferMetrics metrics;
  private final Clock clock;
  private final Aggregator aggregator;
  private final IntervalReporter reports;
  private final ReportDelivery<MessageLite> delivery;
  private final NamespaceScanner scanner;
  private final PcapSource capture;

  /** Null when host-network attribution is off. */
  private final NodeSocketCapture hostnet;

  private final CgroupPods cgroupPods;

  /** {@code off}, {@code running}, or {@code degraded (<why>)}: a line of the health text. */
  private volatile String hostnetState = "off";

  private final ScheduledExecutorService scanExecutor =
      Executors.newSingleThreadScheduledExecutor(daemon("sniffer-scan"));
  private final ScheduledExecutorService flushExecutor =
      Executors.newSingleThreadScheduledExecutor(daemon("sniffer-flush"));
  private HealthServer health;
  private volatile long lastScanNanos;
  private volatile ScanResult lastScan;

  public Sniffer(
      SnifferConfig config, SnifferMetrics metrics, BatchSender<MessageLite> sender, Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    DeliveryConfig deliveryConfig =
        new DeliveryConfig(
            config.bufferMaxBatches(),
            config.bufferMaxBytes(),
            config.retryInitialBackoff(),
            config.retryMaxBackoff(),
            2.0,
            0.2);
    this.delivery =
        new ReportDelivery<>(
            ReportDelivery.newReporter(COMPONENT, config.nodeName()),
            deliveryConfig,
            sender,
            metrics,
            daemon("sniffer-deliver"),
            new SplittableRandom());
    metrics.bufferGauges(delivery::bufferedBytes, delivery::bufferedBatches);
    this.reports =
        new IntervalReporter(new ReportBuilder(config.batchMaxEntries()), delivery, flushExecutor);
    // the cap follows the heap (see Aggregator.budget); one client holds at most a tenth of it
    int maxEntries =
        Aggregator.budget(config.aggregateMaxEntries(), Runtime.getRuntime().maxMemory());
    this.aggregator = new Aggregator(maxEntries, Math.max(1, maxEntries / 10), metrics, reports);
    this.scanner =
        new NamespaceScanner(
            config.procRoot(), config.nodeNetns(), metrics, clock, config.scanFullRead());
    io.netmapper.sniffer.collect.Observations captured = aggregator;
    if (config.hostnetAttribution()) {
      // SYNs/DNS answers of node addresses wait up to 200 ms for the node capture's lookup
      // bounds: ~200 B per waiting observation, ~100 B per result (a result lives 5-10 s)
      HostNetworkAttribution attribution =
          new HostNetworkAttribution(
              aggregator,
              metrics,
              System::nanoTime,
              TimeUnit.MILLISECONDS.toNanos(200),
              1024,
              8192);
      captured = attribution;
      this.cgroupPods =
          new CgroupPods(
              CgroupPods.v2Root(config.cgroupRoot()),
              100_000,
              TimeUnit.MILLISECONDS.toNanos(250),
              System::nanoTime);
      this.hostnet =
          new NodeSocketCapture(
              config.captureDevice(),
              attribution,
              cgroupPods,
              metrics,
              threads("sniffer-hostnet"),
              System::nanoTime,
              config.hostnetLookupsPerSecond());
    } else {
      this.hostnet = null;
      this.cgroupPods = null;
    }
    this.capture =
        new PcapSource(
            config.captureDevice(),
            config.captureSnaplen(),
            config.captureBufferBytes(),
            captured,
            metrics,
            threads("sniffer-capture"));
  }

  public void start() throws SnifferStartupException {
    LOG.info("sniffer starting on node {}: {}", config.nodeName(), config.describe());
    try {
      health =
          new HealthServer(
              COMPONENT,
              config.healthAddress(),
              config.healthPort(),
              this::healthy,
              this::healthText,
              metrics::scrape);
    } catch (HealthServer.StartException e) {
      throw new SnifferStartupException(e.getMessage(), e);
    }
    try {
      capture.start();
    } catch (CaptureException e) {
      health.close();
      throw new SnifferStartupException(e.getMessage(), e);
    }
    if (hostnet != null) {
      startHostnet();
    }
    delivery.start();
    long scanMs = config.scanInterval().toMillis();
    scanExecutor.scheduleWithFixedDelay(this::scanSafely, 0, scanMs, TimeUnit.MILLISECONDS);
    long flushMs = config.reportInterval().toMillis();
    flushExecutor.scheduleAtFixedRate(this::flushSafely, flushMs, flushMs, TimeUnit.MILLISECONDS);
    LOG.info(
        "sniffer started on node {}: health and metrics on port {}",
        config.nodeName(),
        health.port());
  }

  /**
   * Host-network attribution is an enhancement: without it hostNetwork pods' SYNs and DNS answers
   * are reported with the node address only. So it never stops the sniffer, but a source that
   * cannot work says so once, at start: a log line, {@code netmapper_sniffer_hostnet_degraded
   * {reason}} = 1 and a {@code hostnet_attribution=degraded} line in the health text.
   */
  private void startHostnet() {
    CgroupPods.RootCheck root = cgroupPods.check();
    if (!root.ok()) {
      degrade(
          root.reason(),
          "cgroup root "
              + root.detail()
              + "; set --cgroup-root (NETMAPPER_CGROUP_ROOT) to the host's cgroup2 mount");
      return; // capturing without a cgroup tree would only count not_a_pod for every lookup
    }
    try {
      hostnet.start();
      hostnetState = "running (cgroup root " + root.detail() + ")";
    } catch (IllegalStateException e) {
      degrade("capture_failed", e.getMessage());
    }
  }

  private void degrade(String reason, String why) {
    hostnetState = "degraded (" + reason + ": " + why + ")";
    metrics.hostnetDegraded(reason);
    LOG.warn(
        "node {}: host-network attribution degraded ({}): {}; hostNetwork pods' short connections"
            + " and DNS lookups are reported with the node address only",
        config.nodeName(),
        reason,
        why);
  }

  /** {@code off}, {@code running (...)} or {@code degraded (<reason>: <why>)}. */
  public String hostnetState() {
    return hostnetState;
  }

  /** The bound health/metrics port (differs from the config when it asked for port 0). */
  public int healthPort() {
    return health.port();
  }

  public ReportDelivery<MessageLite> delivery() {
    return delivery;
  }

  /** Healthy while capture runs and the socket scan keeps completing. */
  public boolean healthy() {
    long sinceScan = System.nanoTime() - lastScanNanos;
    boolean scanning =
        lastScan != null && sinceScan < 3 * config.scanInterval().toNanos() + 10_000_000_000L;
    return capture.isRunning() && scanning;
  }

  private String healthText() {
    ScanResult s = lastScan;
    return (healthy() ? "ok" : "unhealthy")
        + "\ncapture="
        + (capture.isRunning() ? "running" : "stopped")
        + "\nlast_scan="
        + (s == null
            ? "none"
            : s.namespaces()
                + " namespaces ("
                + s.unchanged()
                + " unchanged), "
                + s.connections()
                + " connections, "
                + s.listeners()
                + " listeners")
        + "\nhostnet_attribution="
        + hostnetState
        + "\nbuffered_batches="
        + delivery.bufferedBatches()
        + "\n";
  }

  private void scanSafely() {
    try {
      lastScan = scanner.scan(aggregator);
      lastScanNanos = System.nanoTime();
    } catch (RuntimeException e) {
      LOG.error(
          "node {}: socket scan of {} failed: {}",
          config.nodeName(),
          config.procRoot(),
          e.toString());
    }
  }

  /** Moves the current aggregate into report batches (also called at stop). */
  void flush() {
    reports.report(aggregator.drain());
  }

  private void flushSafely() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.error("node {}: flushing the aggregate failed: {}", config.nodeName(), e.toString());
    }
  }

  @Override
  public void close() {
    scanExecutor.shutdownNow();
    // not shutdownNow: an aggregate handed over early is still built and offered (the periodic
    // flush is cancelled; the last flush below takes the rest)
    flushExecutor.shutdown();
    try {
      if (!flushExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
        flushExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (scanExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
        scanner.close(); // held counter files keep their namespaces alive
      } else {
        LOG.warn(
            "node {}: socket scan did not stop within 2 s; its counter files stay open",
            config.nodeName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    capture.close();
    if (hostnet != null) {
      hostnet.close();
    }
    flushSafely();
    delivery.stop(Duration.ofSeconds(2));
    if (health != null) {
      health.close();
    }
    LOG.info("sniffer on node {} stopped", config.nodeName());
  }

  /** Threads in the capture namespace (the node's, or the one configured for tests and demos). */
  private ThreadFactory threads(String name) {
    return config.captureNetns().isEmpty()
        ? daemon(name)
        : NetnsThreads.in(java.nio.file.Path.of(config.captureNetns()), name);
  }

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
