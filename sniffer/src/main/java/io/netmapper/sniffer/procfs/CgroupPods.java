package io.netmapper.sniffer.procfs;

import io.netmapper.sniffer.collect.Attribution;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Maps a cgroup v2 id (the inode of the cgroup's directory, as NETLINK_SOCK_DIAG reports it) to the
 * pod kubelet named that cgroup after. Keeps a snapshot of every cgroup directory under the cgroup2
 * root (pod ones with their pod, the others as not a pod; a node has hundreds to a few thousand);
 * an id missing from it (a cgroup created since) triggers a new walk, at most once per {@code
 * minWalkNanos}. Used by one thread.
 */
public final class CgroupPods {
  private final Path root;
  private final int maxEntries;
  private final long minWalkNanos;
  private final LongSupplier ticker;
  private long lastWalk;
  private boolean walked;
  private Map<Long, Attribution> snapshot = Map.of();

  /**
   * @param root the cgroup2 mount of the host ({@code /sys/fs/cgroup})
   * @param maxEntries most directories kept (the walk stops there)
   */
  public CgroupPods(Path root, int maxEntries, long minWalkNanos, LongSupplier ticker) {
    this.root = root;
    this.maxEntries = maxEntries;
    this.minWalkNanos = minWalkNanos;
    this.ticker = ticker;
  }

  /**
   * The pod (host network) of cgroup {@code id}; {@link Attribution#NONE} when the cgroup is not a
   * pod's or unknown after a fresh walk; null when unknown and a walk is not allowed yet.
   */
  public Attribution pod(long id) {
    Attribution known = snapshot.get(id);
    if (known != null) {
      return known;
    }
    long now = ticker.getAsLong();
    if (walked && now - lastWalk < minWalkNanos) {
      return null;
    }
    walked = true;
    lastWalk = now;
    snapshot = walk();
    return snapshot.getOrDefault(id, Attribution.NONE);
  }

  /**
   * The cgroup v2 hierarchy at or under {@code mount}: hybrid nodes mount it at {@code unified/}
   * beside the v1 controllers; {@code mount} itself otherwise.
   */
  public static Path v2Root(Path mount) {
    if (!Files.isRegularFile(mount.resolve("cgroup.controllers"))
        && Files.isRegularFile(mount.resolve("unified/cgroup.controllers"))) {
      return mount.resolve("unified");
    }
    return mount;
  }

  /**
   * Whether the cgroup root can serve attribution, checked once at start: the walk itself swallows
   * errors (cgroups vanish mid-walk), so an unreadable or wrong root would otherwise fail silently
   * on every lookup.
   *
   * @param reason {@code ok}, {@code cgroup_root_missing}, {@code cgroup_root_unreadable} or {@code
   *     cgroup_root_not_cgroup2}
   */
  public record RootCheck(String reason, String detail) {
    public boolean ok() {
      return "ok".equals(reason);
    }
  }

  /** Lists the root and looks for cgroup v2's {@code cgroup.controllers} in it. */
  public RootCheck check() {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      // reading the first entry is what fails on a directory that may be opened but not listed
      boolean empty = !entries.iterator().hasNext();
      if (empty) {
        return new RootCheck("cgroup_root_not_cgroup2", root + ": empty directory");
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new RootCheck("cgroup_root_missing", root + ": no such directory");
    } catch (AccessDeniedException e) {
      return new RootCheck("cgroup_root_unreadable", root + ": permission denied");
    } catch (IOException | RuntimeException e) {
      return new RootCheck("cgroup_root_unreadable", root + ": " + e.getMessage());
    }
    if (!Files.isReadable(root.resolve("cgroup.controllers"))) {
      return new RootCheck(
          "cgroup_root_not_cgroup2",
          root + ": no readable cgroup.controllers (not a cgroup2 mount)");
    }
    return new RootCheck("ok", root.toString());
  }

  /** Number of cgroup directories in the snapshot. */
  public int size() {
    return snapshot.size();
  }

  private Map<Long, Attribution> walk() {
    Map<Long, Attribution> found = new HashMap<>();
    // find hands over each entry's attributes: files (a dozen per cgroup) cost no extra stat
    try (Stream<Path> dirs = Files.find(root, 12, (p, attrs) -> attrs.isDirectory())) {
      dirs.limit(maxEntries)
          .forEach(
              dir -> {
                try {
                  long inode = (Long) Files.getAttribute(dir, "unix:ino");
                  PodRef ref =
                      dir.equals(root)
                          ? null
                          : CgroupPodResolver.fromPath(root.relativize(dir).toString());
                  found.put(
                      inode,
                      ref == null
                          ? Attribution.NONE
                          : new Attribution(ref.podUid(), ref.containerId(), true, ""));
                } catch (IOException | RuntimeException e) {
                  // removed during the walk
                }
              });
    } catch (IOException | RuntimeException e) {
      // root unreadable, or a directory vanished mid-walk: what was found is kept
    }
    return found;
  }
}
