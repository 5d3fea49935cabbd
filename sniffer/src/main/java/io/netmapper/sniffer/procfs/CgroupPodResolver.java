package io.netmapper.sniffer.procfs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the pod UID and container id in the content of {@code /proc/<pid>/cgroup}, for both of
 * kubelet's cgroup drivers:
 *
 * <ul>
 *   <li>cgroupfs: {@code /kubepods/burstable/pod1b2c...-.../<64 hex>}
 *   <li>systemd: {@code
 *       /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c..._....slice/cri-containerd-<64
 *       hex>.scope} (also {@code crio-}, {@code docker-}, {@code cri-o-} prefixes)
 * </ul>
 *
 * The cgroup v2 line ({@code 0::}) is preferred; v1 hierarchies are searched otherwise. Paths may
 * be nested (kind, systemd in a container), so the pattern is searched anywhere in the path.
 */
final class CgroupPodResolver {
  private static final String UID =
      "([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})";
  private static final Pattern POD =
      Pattern.compile(
          "(?:^|/)(?:kubepods[-a-z]*-)?pod"
              + UID
              + "(?:\\.slice)?(?:/(?:(?:cri-containerd|crio|cri-o|docker|containerd)-)?([0-9a-f]{64})(?:\\.scope)?)?(?:/|$)");

  private CgroupPodResolver() {}

  /** Returns the pod of a cgroup file's content, or null when the process is not in a pod. */
  static PodRef resolve(String cgroupFile) {
    PodRef v1 = null;
    for (String line : cgroupFile.split("\n")) {
      int first = line.indexOf(':');
      int second = first < 0 ? -1 : line.indexOf(':', first + 1);
      if (second < 0) {
        continue;
      }
      PodRef ref = fromPath(line.substring(second + 1).trim());
      if (ref == null) {
        continue;
      }
      if (line.startsWith("0::")) {
        return ref;
      }
      if (v1 == null || (v1.containerId().isEmpty() && !ref.containerId().isEmpty())) {
        v1 = ref;
      }
    }
    return v1;
  }

  static PodRef fromPath(String path) {
    Matcher m = POD.matcher(path.toLowerCase(Locale.ROOT));
    if (!m.find()) {
      return null;
    }
    String uid = m.group(1).replace('_', '-');
    String container = m.group(2) == null ? "" : m.group(2);
    return new PodRef(uid, container);
  }
}
