package io.netmapper.testbed.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pod cgroups named as kubelet's systemd driver names them ({@code
 * kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid>.slice/cri-containerd-<id>.scope}),
 * under a per-run top slice so runs never collide.
 */
public final class Cgroups {
  private Cgroups() {}

  /**
   * Where cgroup v2 is mounted: NETMAPPER_CGROUP_ROOT (or NETMAPPER_TEST_CGROUP_ROOT), else
   * /sys/fs/cgroup/unified when it is v2, else /sys/fs/cgroup.
   */
  public static Path root() {
    for (String name : new String[] {"NETMAPPER_CGROUP_ROOT", "NETMAPPER_TEST_CGROUP_ROOT"}) {
      String env = System.getenv(name);
      if (env != null && !env.isBlank()) {
        return Path.of(env);
      }
    }
    Path unified = Path.of("/sys/fs/cgroup/unified");
    return Files.isRegularFile(unified.resolve("cgroup.procs"))
        ? unified
        : Path.of("/sys/fs/cgroup");
  }

  /** The container cgroup of a pod; created with its parents. */
  public static Path create(String runSlice, String podUid, String containerId) {
    Path top = root().resolve("kubepods-" + runSlice + ".slice");
    Path qos = top.resolve("kubepods-besteffort.slice");
    Path pod = qos.resolve("kubepods-besteffort-pod" + podUid.replace('-', '_') + ".slice");
    Path container = pod.resolve("cri-containerd-" + containerId + ".scope");
    try {
      Files.createDirectories(container);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create cgroup "
              + container
              + ": "
              + e.getMessage()
              + " (is cgroup v2 mounted? set NETMAPPER_CGROUP_ROOT)",
          e);
    }
    return container;
  }

  /** Removes a run's cgroups, deepest first; processes must have exited. */
  public static void removeRun(String runSlice) {
    Path top = root().resolve("kubepods-" + runSlice + ".slice");
    if (!Files.isDirectory(top)) {
      return;
    }
    try (var walk = Files.walk(top)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .filter(Files::isDirectory)
          .forEach(
              dir -> {
                try {
                  Files.delete(dir);
                } catch (IOException e) {
                  // a process still inside: left for the next run's stale cleanup
                }
              });
    } catch (IOException e) {
      // nothing to remove
    }
  }
}
