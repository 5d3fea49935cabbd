package io.netmapper.sniffer.hostnet;

/** What host-network attribution counts; implemented by the sniffer's metrics. */
public interface HostnetCounters {
  HostnetCounters NONE = new HostnetCounters() {};

  /**
   * One socket lookup (outcome: pod, not_a_pod, socket_gone, no_cgroup_id, rate_limited, error,
   * malformed_*...).
   */
  default void lookup(String outcome) {}

  /**
   * An observation from a node address reported without a pod (reason as for lookups, or
   * queue_full, not_seen).
   */
  default void unattributed(String reason) {}

  /** An observation from a node address reported with its pod. */
  default void attributed() {}
}
