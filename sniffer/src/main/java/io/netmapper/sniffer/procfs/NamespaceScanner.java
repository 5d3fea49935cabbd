package io.netmapper.sniffer.procfs;

import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a proc tree: groups processes by network namespace, reads each namespace's TCP
 * table once, reports ESTABLISHED connections in the client direction (local port not listening
 * in that namespace) and listening sockets, each attributed to its process and pod.
 */
public final class NamespaceScanner {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceScanner.class);

  private final Path procRoot;
  private final Path nodeNetns;
  private final ScanCounters counters;
  private final Clock clock;
  private long nodeInode = -1;
  /** Socket inode to owning process, from earlier scans; kept while the socket and the process exist. */
  private Map<Long, Owner> socketOwners = new HashMap<>();
  /** Attribution per process ("pid/netns"), kept while the process is listed. */
  private Map<String, Attribution> processes = new HashMap<>();

  private record Owner(String pid, Attribution attribution) { }

  /** What the last full read of a namespace's tables found, and the counters it was read at. */
  private record TableState(String fingerprint, List<SocketEntry> wanted, long readAtNanos) { }

  /** Namespace inode to its last table read; reused while the namespace's TCP counters do not move. */
  private Map<Long, TableState> tables = new HashMap<>();
  private final long fullReadNanos;

  /**
   * @param procRoot  the proc tree ({@code /proc}, {@code /hostproc})
   * @param nodeNetns the node's network namespace ({@code <procRoot>/1/ns/net}); sockets in it are
   *                  reported as host network
   */
  public NamespaceScanner(Path procRoot, Path nodeNetns, ScanCounters counters, Clock clock) {
    this(procRoot, nodeNetns, counters, clock, java.time.Duration.ofSeconds(60));
  }

  /**
   * @param fullRead longest time a namespace's socket list is reused from an earlier read while
   *                 its TCP counters ({@code net/snmp}, {@code net/sockstat{,6}}) have not changed
   */
  public NamespaceScanner(Path procRoot, Path nodeNetns, ScanCounters counters, Clock clock,
                          java.time.Duration fullRead) {
    this.fullReadNanos = fullRead.toNanos();
    this.procRoot = procRoot;
    this.nodeNetns = nodeNetns;
    this.counters = counters;
    this.clock = clock;
  }

  public ScanResult scan(Observations out) {
    long start = System.nanoTime();
    long now = clock.millis() * 1_000_000L;
    if (nodeInode < 0) {
      try {
        nodeInode = ProcFiles.namespaceInode(nodeNetns);
      } catch (IOException e) {
        LOG.warn("node network namespace {} unreadable ({}): host-network attribution is off", nodeNetns, e.toString());
        nodeInode = 0;
      }
    }
    Map<Long, List<String>> byNamespace = groupByNamespace();
    Map<Long, Owner> ownersNow = new HashMap<>();
    Map<String, Attribution> processesNow = new HashMap<>();
    Map<Long, TableState> tablesNow = new HashMap<>();
    int processCount = 0;
    int unchanged = 0;
    int connections = 0;
    int listeners = 0;
    for (Map.Entry<Long, List<String>> ns : byNamespace.entrySet()) {
      processCount += ns.getValue().size();
      String fingerprint = fingerprint(ns.getValue());
      TableState known = tables.get(ns.getKey());
      List<SocketEntry> wanted;
      if (fingerprint != null && known != null && fingerprint.equals(known.fingerprint())
          && start - known.readAtNanos() < fullReadNanos) {
        wanted = known.wanted();
        tablesNow.put(ns.getKey(), known);
        unchanged++;
      } else {
        List<SocketEntry> sockets = readTable(ns.getValue());
        if (sockets == null) {
          continue;
        }
        wanted = wanted(sockets);
        tablesNow.put(ns.getKey(), new TableState(fingerprint, wanted, start));
      }
      if (wanted.isEmpty()) {
        continue;
      }
      boolean host = ns.getKey() == nodeInode;
      Map<Long, Attribution> owners = owners(ns.getKey(), ns.getValue(), wanted, host, ownersNow, processesNow);
      for (SocketEntry s : wanted) {
        Attribution owner = owners.getOrDefault(s.inode(), host ? new Attribution("", "", true, "") : Attribution.NONE);
        if (s.state() == SocketEntry.LISTEN) {
          out.listener(new ListenerSeen(s.localIp(), s.localPort(), owner, now));
          listeners++;
        } else {
          out.connection(new ConnectionSeen(ConnectionSeen.Source.SOCKET_SCAN, s.localIp(), s.localPort(),
              s.remoteIp(), s.remotePort(), owner, 0, now));
          connections++;
        }
      }
    }
    socketOwners = ownersNow;
    processes = processesNow;
    tables = tablesNow;
    ScanResult result = new ScanResult(processCount, byNamespace.size(), unchanged, connections, listeners,
        System.nanoTime() - start);
    counters.scanned(result);
    return result;
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
          || (s.state() == SocketEntry.ESTABLISHED && !listening.contains(s.localPort()) && !isLoopback(s.remoteIp()))) {
        wanted.add(s);
      }
    }
    return List.copyOf(wanted);
  }

  /**
   * The namespace's TCP counters: opens, resets, current established (net/snmp) and sockets in use
   * (net/sockstat, sockstat6). Reading them costs microseconds, while reading net/tcp walks the
   * kernel's whole connection hash table (about a millisecond per read, whatever the namespace
   * holds). Null when unreadable: the tables are then read every time.
   */
  private String fingerprint(List<String> pids) {
    for (String pid : pids) {
      Path net = procRoot.resolve(pid).resolve("net");
      try {
        String snmp = ProcFiles.read(net.resolve("snmp"));
        int tcp = snmp.lastIndexOf("\nTcp: ");
        if (tcp < 0) {
          return null;
        }
        int end = snmp.indexOf('\n', tcp + 1);
        String[] f = snmp.substring(tcp + 6, end < 0 ? snmp.length() : end).trim().split(" ");
        if (f.length < 9) {
          return null;
        }
        // ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab
        String counters = f[4] + ' ' + f[5] + ' ' + f[6] + ' ' + f[7] + ' ' + f[8];
        return counters + ' ' + inUse(ProcFiles.read(net.resolve("sockstat")), "TCP: inuse ")
            + ' ' + inUse(ProcFiles.read(net.resolve("sockstat6")), "TCP6: inuse ");
      } catch (java.nio.file.NoSuchFileException e) {
        if (!Files.isDirectory(net)) {
          continue; // the process exited: try the next one
        }
        return null; // no such counters here (IPv6 off, fixture): always read the tables
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  private static String inUse(String sockstat, String prefix) {
    int i = sockstat.indexOf(prefix);
    if (i < 0) {
      return "-";
    }
    int end = sockstat.indexOf(' ', i + prefix.length());
    return sockstat.substring(i + prefix.length(), end < 0 ? sockstat.length() : end).trim();
  }

  private static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("::1");
  }

  private Map<Long, List<String>> groupByNamespace() {
    Map<Long, List<String>> groups = new LinkedHashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot)) {
      for (Path p : dir) {
        String pid = p.getFileName().toString();
        if (pid.isEmpty() || !Character.isDigit(pid.charAt(0)) || !pid.chars().allMatch(Character::isDigit)) {
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
    // lowest pid first: usually the namespace's oldest process (pause, init), the least likely to exit
    groups.values().forEach(pids -> pids.sort((a, b) -> a.length() != b.length() ? a.length() - b.length() : a.compareTo(b)));
    return groups;
  }

  /** tcp + tcp6 of the namespace, read through the first of its processes that still exists. */
  private List<SocketEntry> readTable(List<String> pids) {
    for (String pid : pids) {
      Path net = procRoot.resolve(pid).resolve("net");
      List<SocketEntry> sockets = new ArrayList<>();
      try {
        int bad = NetTcpParser.parse(ProcFiles.read(net.resolve("tcp")), sockets::add);
        String tcp6;
        try {
          tcp6 = ProcFiles.read(net.resolve("tcp6"));
        } catch (java.nio.file.NoSuchFileException e) {
          tcp6 = Files.exists(net.resolve("tcp")) ? "" : null; // IPv6 disabled vs process gone
          if (tcp6 == null) {
            throw e;
          }
        }
        bad += NetTcpParser.parse(tcp6, sockets::add);
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

  /**
   * Maps the wanted sockets' inodes to their owning process's attribution. Owners found in an
   * earlier scan are reused while their process is still in the namespace; only the rest costs a
   * walk over the namespace's processes' {@code fd/} directories.
   */
  private Map<Long, Attribution> owners(long ns, List<String> pids, List<SocketEntry> wanted, boolean host,
                                        Map<Long, Owner> ownersNow, Map<String, Attribution> processesNow) {
    Set<String> inNamespace = new HashSet<>(pids);
    Map<Long, Attribution> owners = new HashMap<>();
    Set<Long> missing = new HashSet<>();
    for (SocketEntry s : wanted) {
      Owner known = socketOwners.get(s.inode());
      if (known != null && inNamespace.contains(known.pid())) {
        owners.put(s.inode(), known.attribution());
        ownersNow.put(s.inode(), known);
        processesNow.put(known.pid() + "/" + ns, known.attribution());
      } else {
        missing.add(s.inode());
      }
    }
    for (String pid : pids) {
      if (missing.isEmpty()) {
        break;
      }
      Path pidDir = procRoot.resolve(pid);
      Attribution attribution = null;
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
        for (Path fd : fds) {
          long inode;
          try {
            inode = ProcFiles.bracketed(Files.readSymbolicLink(fd).toString());
          } catch (IOException e) {
            continue; // the descriptor was closed meanwhile
          }
          if (inode >= 0 && missing.remove(inode)) {
            if (attribution == null) {
              String key = pid + "/" + ns;
              attribution = processes.get(key);
              if (attribution == null) {
                attribution = attribute(pidDir, host);
              }
              processesNow.put(key, attribution);
            }
            owners.put(inode, attribution);
            ownersNow.put(inode, new Owner(pid, attribution));
          }
        }
      } catch (IOException e) {
        counters.entrySkipped(ProcFiles.reason(e));
      }
    }
    return owners;
  }

  private Attribution attribute(Path pidDir, boolean host) {
    String name = "";
    PodRef pod = null;
    try {
      name = ProcFiles.read(pidDir.resolve("comm")).trim();
      pod = CgroupPodResolver.resolve(ProcFiles.read(pidDir.resolve("cgroup")));
    } catch (IOException e) {
      counters.entrySkipped(ProcFiles.reason(e));
    }
    return pod == null ? new Attribution("", "", host, name) : new Attribution(pod.podUid(), pod.containerId(), host, name);
  }
}
