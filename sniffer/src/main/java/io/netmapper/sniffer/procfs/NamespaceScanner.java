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

  /**
   * @param procRoot  the proc tree ({@code /proc}, {@code /hostproc})
   * @param nodeNetns the node's network namespace ({@code <procRoot>/1/ns/net}); sockets in it are
   *                  reported as host network
   */
  public NamespaceScanner(Path procRoot, Path nodeNetns, ScanCounters counters, Clock clock) {
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
    int processCount = 0;
    int connections = 0;
    int listeners = 0;
    for (Map.Entry<Long, List<String>> ns : byNamespace.entrySet()) {
      processCount += ns.getValue().size();
      List<SocketEntry> sockets = readTable(ns.getValue());
      if (sockets == null) {
        continue;
      }
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
    ScanResult result = new ScanResult(processCount, byNamespace.size(), connections, listeners, System.nanoTime() - start);
    counters.scanned(result);
    return result;
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
