package io.netmapper.sniffer.hostnet;

import io.netmapper.common.net.IpAddresses;
import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.procfs.CgroupPods;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the pod of short-lived sockets of hostNetwork processes. A second capture handle, in
 * immediate mode, lets through only TCP SYNs and UDP DNS queries sent from the node's own addresses
 * (the kernel's filter drops pod traffic before it costs anything here); for each, while the
 * sending socket still exists, one NETLINK_SOCK_DIAG exact lookup gives the socket's cgroup v2 id,
 * and {@link CgroupPods} the pod. Immediate delivery matters: the main capture hands packets over
 * in blocks up to 100 ms late, after a DNS client has long closed its socket. Lookups are
 * rate-limited; results go to {@link HostNetworkAttribution}, which attaches them to what the main
 * capture reports. Runs on one thread in the node's network namespace.
 */
public final class NodeSocketCapture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSocketCapture.class);
  private static final long ADDRESS_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long ROTATE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final String device;
  private final HostNetworkAttribution attribution;
  private final CgroupPods pods;
  private final HostnetCounters counters;
  private final ThreadFactory threads;
  private final LongSupplier ticker;
  private final double lookupsPerSecond;
  private volatile boolean running;
  private Thread thread;
  private double tokens;
  private long lastRefill;

  public NodeSocketCapture(
      String device,
      HostNetworkAttribution attribution,
      CgroupPods pods,
      HostnetCounters counters,
      ThreadFactory threads,
      LongSupplier ticker,
      int lookupsPerSecond) {
    this.device = device;
    this.attribution = attribution;
    this.pods = pods;
    this.counters = counters;
    this.threads = threads;
    this.ticker = ticker;
    this.lookupsPerSecond = lookupsPerSecond;
    this.tokens = lookupsPerSecond;
  }

  /** Starts the thread; returns once its capture and netlink socket are open, or throws why not. */
  public void start() {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    running = true;
    thread = threads.newThread(() -> run(opened));
    thread.setDaemon(true);
    thread.start();
    try {
      opened.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      running = false;
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "host-network attribution cannot start on device '" + device + "': " + cause.getMessage(),
          cause);
    }
  }

  public boolean isRunning() {
    return running && thread != null && thread.isAlive();
  }

  private void run(CompletableFuture<Void> opened) {
    PcapHandle h;
    SockDiagSocket diag;
    Set<String> addresses;
    try {
      diag = new SockDiagSocket();
      // the timeout bounds how long an observation waits past its grace when nothing is captured;
      // 100 ms keeps an idle node at ~10 wake-ups/s (20 ms cost ~1.7 ms of CPU/s in the footprint
      // bench)
      h =
          new PcapHandle.Builder(device)
              .snaplen(128)
              .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
              .timeoutMillis(100)
              .immediateMode(true)
              .bufferSize(256 * 1024)
              .build();
      addresses = applyAddresses(h, Set.of());
      opened.complete(null);
    } catch (Throwable e) {
      opened.completeExceptionally(e);
      return;
    }
    LOG.info(
        "host-network attribution on device {} started for node addresses {}", device, addresses);
    long lastAddresses = ticker.getAsLong();
    long lastRotate = lastAddresses;
    int dlt = h.getDlt().value();
    try {
      while (running) {
        byte[] frame = h.getNextRawPacket();
        if (frame != null) {
          try {
            onPacket(diag, dlt, frame);
          } catch (RuntimeException e) {
            counters.lookup("error"); // one bad lookup never stops attribution
            LOG.debug("host-network lookup on device {} failed: {}", device, e.toString());
          }
        }
        attribution.drainPending();
        long now = ticker.getAsLong();
        if (now - lastRotate > ROTATE_NANOS) {
          lastRotate = now;
          attribution.rotate();
        }
        if (now - lastAddresses > ADDRESS_REFRESH_NANOS) {
          lastAddresses = now;
          addresses = applyAddresses(h, addresses);
        }
      }
    } catch (Exception e) {
      LOG.error("host-network attribution on device {} stopped: {}", device, e.toString());
    } finally {
      running = false;
      h.close();
      diag.close();
    }
  }

  private void onPacket(SockDiagSocket diag, int dlt, byte[] frame) {
    PacketTuple t = PacketTuple.decode(dlt, frame, frame.length);
    if (t == null) {
      counters.lookup("undecodable");
      return;
    }
    String src = IpAddresses.format(t.src());
    HostNetworkAttribution.Key key =
        t.protocol() == SockDiagCodec.TCP
            ? new HostNetworkAttribution.Key(
                src, t.srcPort(), IpAddresses.format(t.dst()), t.dstPort())
            : HostNetworkAttribution.Key.dns(src, t.srcPort());
    // DNS over TCP: its answers are matched by the client's end, like UDP ones
    HostNetworkAttribution.Key dnsKey =
        t.protocol() == SockDiagCodec.TCP && t.dstPort() == 53
            ? HostNetworkAttribution.Key.dns(src, t.srcPort())
            : null;
    if (attribution.known(key)) {
      return; // the same packet on a second interface, or a retransmit
    }
    if (!takeToken()) {
      counters.lookup("rate_limited");
      attribution.resolved(key, HostNetworkAttribution.Result.of("rate_limited"));
      return;
    }
    HostNetworkAttribution.Result r = resolve(diag, t);
    counters.lookup(r.pod().isKnown() ? "pod" : r.reason());
    attribution.resolved(key, r);
    if (dnsKey != null) {
      attribution.resolved(dnsKey, r);
    }
  }

  /** Socket, cgroup id, pod: never throws for what the kernel or the cgroup tree says. */
  HostNetworkAttribution.Result resolve(SockDiagSocket diag, PacketTuple t) {
    SockDiagCodec.Answer a = diag.lookup(t.protocol(), t.src(), t.srcPort(), t.dst(), t.dstPort());
    if (a.status() == SockDiagCodec.Status.NOT_FOUND && takeToken()) {
      // the capture saw the destination after DNAT (a ClusterIP): find the socket by its local end
      a = diag.lookupByLocal(t.protocol(), t.src(), t.srcPort());
      if (a.status() == SockDiagCodec.Status.FOUND) {
        counters.lookup("found_by_local_port");
      }
    }
    switch (a.status()) {
      case NOT_FOUND -> {
        return HostNetworkAttribution.Result.of("socket_gone");
      }
      case ERROR -> {
        return HostNetworkAttribution.Result.of("error");
      }
      case MALFORMED -> {
        return HostNetworkAttribution.Result.of("malformed_" + a.reason());
      }
      default -> {}
    }
    if (a.cgroupId() <= 1) {
      // 0: TIME_WAIT sockets and kernels without cgroup v2 socket data carry no id; 1: the v2
      // root, where every socket is on nodes whose processes live in cgroup v1 only
      return HostNetworkAttribution.Result.of("no_cgroup_id");
    }
    Attribution pod = pods.pod(a.cgroupId());
    if (pod == null) {
      return HostNetworkAttribution.Result.of("cgroup_walk_limited");
    }
    return pod.isKnown()
        ? new HostNetworkAttribution.Result(pod, "")
        : HostNetworkAttribution.Result.of("not_a_pod");
  }

  private boolean takeToken() {
    long now = ticker.getAsLong();
    tokens = Math.min(lookupsPerSecond, tokens + (now - lastRefill) * lookupsPerSecond / 1e9);
    lastRefill = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Reads the namespace's addresses; when they changed, installs the filter for them. */
  private Set<String> applyAddresses(PcapHandle h, Set<String> before) throws Exception {
    Set<String> now = ownAddresses();
    if (!now.equals(before)) {
      h.setFilter(filter(now), BpfProgram.BpfCompileMode.OPTIMIZE);
      attribution.nodeAddresses(now);
      if (!before.isEmpty()) {
        LOG.info("host-network attribution on device {}: node addresses now {}", device, now);
      }
    }
    return now;
  }

  /**
   * Addresses of this thread's network namespace, without loopback and link-local ones. The JDK
   * reads IPv4 addresses through a socket (this thread's namespace) but IPv6 ones from
   * /proc/net/if_inet6, which is the main thread's namespace: IPv6 comes from thread-self.
   */
  static Set<String> ownAddresses() throws IOException {
    Set<String> out = new TreeSet<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address
            && !a.isLoopbackAddress()
            && !a.isLinkLocalAddress()
            && !a.isAnyLocalAddress()) {
          out.add(IpAddresses.format(a.getAddress()));
        }
      }
    }
    Path inet6 = Path.of("/proc/thread-self/net/if_inet6");
    if (Files.isReadable(inet6)) { // absent when IPv6 is disabled
      for (String line : Files.readAllLines(inet6)) {
        String hex = line.length() >= 32 ? line.substring(0, 32) : "";
        if (!hex.matches("[0-9a-f]{32}")) {
          continue;
        }
        byte[] a = new byte[16];
        for (int i = 0; i < 16; i++) {
          a[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        InetAddress addr = InetAddress.getByAddress(a);
        if (!addr.isLoopbackAddress() && !addr.isLinkLocalAddress()) {
          out.add(IpAddresses.format(a));
        }
      }
    }
    return out;
  }

  /**
   * SYNs without ACK and UDP DNS queries whose source is a node address; nothing when there is
   * none.
   */
  static String filter(Set<String> addresses) {
    if (addresses.isEmpty()) {
      return "less 1"; // matches no packet
    }
    StringBuilder hosts = new StringBuilder();
    for (String a : addresses) {
      hosts.append(hosts.length() == 0 ? "" : " or ").append("src host ").append(a);
    }
    return "("
        + hosts
        + ") and ((ip and tcp and (tcp[13] & 0x12) == 0x02)"
        + " or (ip6 and ip6[6] == 6 and (ip6[53] & 0x12) == 0x02) or udp dst port 53)";
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
}
