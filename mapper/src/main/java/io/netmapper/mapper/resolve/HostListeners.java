package io.netmapper.mapper.resolve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listening ports of hostNetwork pods, as the node agents report them: node + port → pod UID. A
 * server reached on a node IP is named by the pod that listens there.
 */
final class HostListeners {
  private record Entry(String podUid, long seenMillis) {}

  private final Map<String, Entry> byNodePort = new ConcurrentHashMap<>();

  void record(String node, int port, String podUid, long seenMillis) {
    byNodePort.merge(
        node + '|' + port,
        new Entry(podUid, seenMillis),
        (old, neu) -> neu.seenMillis >= old.seenMillis ? neu : old);
  }

  String podUid(String node, int port) {
    Entry e = byNodePort.get(node + '|' + port);
    return e == null ? null : e.podUid;
  }

  void purge(long cutoffMillis) {
    byNodePort.values().removeIf(e -> e.seenMillis < cutoffMillis);
  }

  int size() {
    return byNodePort.size();
  }
}
