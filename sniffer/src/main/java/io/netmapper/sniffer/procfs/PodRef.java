package io.netmapper.sniffer.procfs;

import java.util.Objects;

/** Pod UID (with dashes) and container id (may be empty) found in a process's cgroup path. */
record PodRef(String podUid, String containerId) {
  PodRef {
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(containerId, "containerId");
  }
}
