package io.netmapper.sniffer.procfs;

import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a proc tree: groups processes by network namespace, reads each namespace's TCP
 * table once, reports ESTABLISHED connections in the client direction (local port not listening in
 * that namespace) and listening sockets, each attributed to its process and pod. A namespace whose
 * TCP counters did not move keeps its socket list, and while its processes are the same, its owners
 * too (see DESIGN.md). Used by one thread at a time.
 */
public final class NamespaceScanner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceScanner.class);

  private final Path procRoot;
  private final Path nodeNetns;
  private final ScanCounters counters;
  private final Clock clock;
  private final LongSupplier ticker;
  private final long fullReadNanos;
  private final SocketOwners owners;

  /** Scratch space for counter reads (net/snmp is ~1.3 kB). */
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);

  /** Scratch space for table reads, which are parsed as they stream in. */
  private final byte[] tableBuffer = new byte[64 * 1024];

  /**
   * Per namespace inode; a state leaves (and closes its held file) when no process is left in it.
   */
  private final Map<Long, NamespaceState> states = new HashMap<>();

  private long nodeInode = -1;
  private long pass;

  /**
   * @param procRoot the proc tree ({@code /proc}, {@code /hostproc})
   * @param nodeNetns the node's network namespace ({@code <procRoot>/1/ns/net}); sockets in it are
   *     reported as host network
   */
  public NamespaceScanner(Path procRoot, Path nodeNetns, ScanCounters counters, Clock clock) {
    this(procRoot, nodeNetns, counters, clock, Duration.ofSeconds(60));
  }

  /**
   * @param fullRead longest time a namespace's socket list is reused from an earlier read while its
   *     TCP counters ({@code net/snmp}) have not changed
   */
  public NamespaceScanner(
      Path procRoot, Path nodeNetns, ScanCounters counters, Clock clock, Duration fullRead) {
    this(procRoot, nodeNetns, counters, clock, fullRead, System::nanoTime);
  }

  NamespaceScanner(
      Path procRoot,
      Path nodeNetns,
      ScanCounters counters,
      Clock clock,
      Duration fullRead,
      LongSupplier ticker) {
    this.fullReadNanos = fullRead.toNanos();
    this.procRoot = procRoot;
    this.nodeNetns = nodeNetns;
    this.counters = counters;
    this.clock = clock;
    this.ticker = ticker;
    this.owners = new SocketOwners(procRoot, counters);
  }

  public ScanResult scan(Observations out) {
    long start = System.nanoTime();
    long tick = ticker.getAsLong();
    long now = clock.millis() * 1_000_000L;
    if (nodeInode < 0) {
      try {
        nodeInode = ProcFiles.namespaceInode(nodeNetns);
      } catch (IOException e) {
        LOG.warn(
            "node network namespace {} unreadable ({}): host-network attribution is off",
            nodeNetns,
            e.toString());
        nodeInode = 0;
      }
    }
    pass++;
    Map<Long, List<String>> byNamespace = groupByNamespace();
    int processCount = 0;
    int unchanged = 0;
    int connections = 0;
    int listeners = 0;
    for (Map.Entry<Long, List<String>> entry : byNamespace.entrySet()) {
      List<String> pids = entry.getValue();
      processCount += pids.size();
      NamespaceState ns = states.computeIfAbsent(entry.getKey(), NamespaceState::new);
      ns.seenInPass = pass;
      // counters first: a connection opened after this read moves them for the next pass
      boolean same = ns.countersUnchanged(procRoot, pids, buffer);
      if (same && ns.wanted != null && tick - ns.readAtNanos < fullReadNanos) {
        unchanged++;
      } else {
        List<SocketEntry> sockets = readTable(pids);
        if (sockets == null) {
          ns.wanted = null;
          continue;
        }
        ns.wanted = wanted(sockets);
        ns.readAtNanos = tick;
        ns.resolved = null;
      }
      if (ns.wanted.isEmpty()) {
        continue;
      }
      if (ns.resolved == null || !pids.equals(ns.resolvedPids)) {
        ns.resolved = owners.resolve(ns, pids, entry.getKey() == nodeInode);
        ns.resolvedPids = pids;
      }
      for (NamespaceState.Resolved r : ns.resolved) {
        SocketEntry s = r.socket();
        if (s.state() == SocketEntry.LISTEN) {
          out.listener(new ListenerSeen(s.localIp(), s.localPort(), r.owner(), now));
          listeners++;
        } else {
          out.connection(
              new ConnectionSeen(
                  ConnectionSeen.Source.SOCKET_SCAN,
                  s.localIp(),
                  s.localPort(),
                  s.remoteIp(),
                  s.remotePort(),
                  r.owner(),
                  0,
                  now));
          connections++;
        }
      }
    }
    forgetVanished();
    ScanResult result =
        new ScanResult(
            processCount,
            byNamespace.size(),
            unchanged,
            connections,
            listeners,
            System.nanoTime() - start);
    counters.scanned(result);
    return result;
  }

  /**
   * Namespaces without a process are gone for the scan: drop their state, release their held file.
   */
  private void forgetVanished() {
    Iterator<NamespaceState> it = states.values().iterator();
    while (it.hasNext()) {
      NamespaceState ns = it.next();
      if (ns.seenInPass != pass) {
        ns.close();
        it.remove();
      }
    }
  }

  /** Releases every held counter file (and the namespaces they keep alive). */
  @Override
  public void close() {
    states.values().forEach(NamespaceState::close);
    states.clear();
  }

  /** Listening sockets, and ESTABLISHED ones whose local port does not listen (the client side). */
  private static List<SocketEntry> wanted(List<SocketEntry> sockets) {
    Set<Integer> listening = new HashSet<>();
    for (SocketEntry s : sockets) {
      if (s.state() == SocketEntry.LISTEN) {
        listening.add(s.localPort());
      }
    }
    List<SocketEntry> wanted = new ArrayList<>();
    for (SocketEntry s : sockets) {
      if (s.state() == SocketEntry.LISTEN
          || (s.state() == SocketEntry.ESTABLISHED
              && !listening.contains(s.localPort())
              && !isLoopback(s.remoteIp()))) {
        wanted.add(s);
      }
    }
    return List.copyOf(wanted);
  }

  private static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("::1");
  }

  private static boolean isPid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private Map<Long, List<String>> groupByNamespace() {
    Map<Long, List<String>> groups = new LinkedHashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot)) {
      for (Path p : dir) {
        String pid = p.getFileName().toString();
        if (!isPid(pid)) {
          continue;
        }
        try {
          long inode = ProcFiles.namespaceInode(p.resolve("ns/net"));
          groups.computeIfAbsent(inode, k -> new ArrayList<>(4)).add(pid);
        } catch (IOException e) {
          counters.entrySkipped(ProcFiles.reason(e));
        }
      }
    } catch (IOException e) {
      LOG.warn("proc root {} unreadable: {}", procRoot, e.toString());
    }
    // lowest pid first: usually the namespace's oldest process (pause, init), the least likely to
    // exit
    groups
        .values()
        .forEach(
            pids ->
                pids.sort(
                    (a, b) -> a.length() != b.length() ? a.length() - b.length() : a.compareTo(b)));
    return groups;
  }

  /** tcp + tcp6 of the namespace, read through the first of its processes that still exists. */
  private List<SocketEntry> readTable(List<String> pids) {
    for (String pid : pids) {
      Path net = procRoot.resolve(pid).resolve("net");
      List<SocketEntry> sockets = new ArrayList<>();
      try {
        int bad;
        try (InputStream tcp = Files.newInputStream(net.resolve("tcp"))) {
          bad = NetTcpParser.parse(tcp, tableBuffer, sockets::add);
        }
        try (InputStream tcp6 = Files.newInputStream(net.resolve("tcp6"))) {
          bad += NetTcpParser.parse(tcp6, tableBuffer, sockets::add);
        } catch (java.nio.file.NoSuchFileException e) {
          if (!Files.exists(net.resolve("tcp"))) {
            throw e; // the process is gone (else IPv6 is disabled: no tcp6)
          }
        }
        for (int i = 0; i < bad; i++) {
          counters.entrySkipped("bad_line");
        }
        return sockets;
      } catch (IOException e) {
        counters.entrySkipped(ProcFiles.reason(e));
      }
    }
    return null;
  }
}
