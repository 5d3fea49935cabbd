package io.netmapper.sniffer.procfs;

import io.netmapper.sniffer.collect.Attribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Maps a cgroup v2 id (the inode of the cgroup's directory, as NETLINK_SOCK_DIAG reports it) to
 * the pod kubelet named that cgroup after. An unknown id triggers one walk of the pod cgroups
 * under the cgroup2 root, at most once per {@code rescanNanos}: pods start rarely compared to
 * connections. Answers are cached with a bound; ids of cgroups that are not pods are cached too.
 * Used by one thread.
 */
public final class CgroupPods {
  private final Path root;
  private final int maxEntries;
  private final long rescanNanos;
  private final LongSupplier ticker;
  private final LinkedHashMap<Long, Attribution> cache;
  private long lastWalk = Long.MIN_VALUE;
  private Map<Long, Attribution> lastWalkResult = Map.of();

  public CgroupPods(Path root, int maxEntries, long rescanNanos, LongSupplier ticker) {
    this.root = root;
    this.maxEntries = maxEntries;
    this.rescanNanos = rescanNanos;
    this.ticker = ticker;
    this.cache = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Attribution> eldest) {
        return size() > CgroupPods.this.maxEntries;
      }
    };
  }

  /** The pod (host network) owning cgroup {@code id}; {@link Attribution#NONE} when it is not a pod's; null when the walk is rate-limited. */
  public Attribution pod(long id) {
    Attribution known = cache.get(id);
    if (known != null) {
      return known;
    }
    long now = ticker.getAsLong();
    if (lastWalk != Long.MIN_VALUE && now - lastWalk < rescanNanos) {
      Attribution a = lastWalkResult.get(id);
      return a != null ? a : null;
    }
    lastWalk = now;
    lastWalkResult = walk();
    Attribution a = lastWalkResult.getOrDefault(id, Attribution.NONE);
    cache.put(id, a);
    return a;
  }

  /** Every pod cgroup (and its container cgroups) under the root, by directory inode. */
  private Map<Long, Attribution> walk() {
    Map<Long, Attribution> found = new HashMap<>();
    // kubelet's cgroups live in kubepods* at the top (cgroupfs and systemd drivers); nested roots
    // (kind, systemd in a container) put them a few levels lower
    try (Stream<Path> dirs = Files.find(root, 8, (p, attrs) -> attrs.isDirectory()
        && p.toString().contains("kubepods"))) {
      dirs.forEach(dir -> {
        PodRef ref = CgroupPodResolver.fromPath(root.relativize(dir).toString());
        if (ref == null) {
          return;
        }
        try {
          long inode = (Long) Files.getAttribute(dir, "unix:ino");
          found.put(inode, new Attribution(ref.podUid(), ref.containerId(), true, ""));
        } catch (IOException | RuntimeException e) {
          // removed during the walk
        }
      });
    } catch (IOException | RuntimeException e) {
      // root unreadable or a directory vanished mid-walk: what was found is kept
    }
    return found;
  }
}
