package io.netmapper.sniffer.procfs;

import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.procfs.NamespaceState.Owner;
import io.netmapper.sniffer.procfs.NamespaceState.Resolved;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the process (and pod) owning each wanted socket of a namespace: socket inode to process
 * through {@code /proc/<pid>/fd}, process to pod through {@code cgroup}. Owners found in an earlier
 * pass are reused while their process is still in the namespace; only the rest costs a walk over
 * the namespace's processes' {@code fd/} directories.
 */
final class SocketOwners {
  private static final Attribution HOST_UNKNOWN = new Attribution("", "", true, "");

  private final Path procRoot;
  private final ScanCounters counters;

  SocketOwners(Path procRoot, ScanCounters counters) {
    this.procRoot = procRoot;
    this.counters = counters;
  }

  /**
   * Resolves {@code ns.wanted} for the processes {@code pids}; updates the namespace's owner
   * caches.
   */
  List<Resolved> resolve(NamespaceState ns, List<String> pids, boolean host) {
    Set<String> inNamespace = new HashSet<>(pids);
    Map<Long, Owner> owners = new HashMap<>();
    Map<String, Attribution> processes = new HashMap<>();
    Set<Long> missing = new HashSet<>();
    for (SocketEntry s : ns.wanted) {
      Owner known = ns.owners.get(s.inode());
      if (known != null && inNamespace.contains(known.pid())) {
        owners.put(s.inode(), known);
        processes.put(known.pid(), known.attribution());
      } else {
        missing.add(s.inode());
      }
    }
    for (String pid : pids) {
      if (missing.isEmpty()) {
        break;
      }
      scanFds(pid, missing, host, ns.processes, owners, processes);
    }
    ns.owners = owners;
    ns.processes = processes;
    List<Resolved> resolved = new ArrayList<>(ns.wanted.size());
    Attribution unknown = host ? HOST_UNKNOWN : Attribution.NONE;
    for (SocketEntry s : ns.wanted) {
      Owner owner = owners.get(s.inode());
      resolved.add(new Resolved(s, owner == null ? unknown : owner.attribution()));
    }
    return List.copyOf(resolved);
  }

  private void scanFds(
      String pid,
      Set<Long> missing,
      boolean host,
      Map<String, Attribution> known,
      Map<Long, Owner> owners,
      Map<String, Attribution> processes) {
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
            attribution = known.get(pid);
            if (attribution == null) {
              attribution = attribute(pidDir, host);
            }
            processes.put(pid, attribution);
          }
          owners.put(inode, new Owner(pid, attribution));
        }
      }
    } catch (IOException e) {
      counters.entrySkipped(ProcFiles.reason(e));
    }
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
    return pod == null
        ? new Attribution("", "", host, name)
        : new Attribution(pod.podUid(), pod.containerId(), host, name);
  }
}
