package io.netmapper.mapper.resolve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which external name a client resolved to which IP, so a later connection to that IP is
 * recorded under the name the client used rather than as a bare IP. Bounded: when full, the oldest
 * half is dropped on the next purge and new names still go in.
 */
final class DnsMemory {
  private record Entry(String name, long expiresAt) {}

  private final Map<String, Entry> byClientAndIp = new ConcurrentHashMap<>();
  private final long keepMillis;
  private final int maxEntries;

  DnsMemory(long keepMillis, int maxEntries) {
    this.keepMillis = keepMillis;
    this.maxEntries = maxEntries;
  }

  void remember(String clientKey, String ip, String name, long seenMillis) {
    if (byClientAndIp.size() >= maxEntries) {
      purge(seenMillis);
    }
    byClientAndIp.put(clientKey + '|' + ip, new Entry(name, seenMillis + keepMillis));
  }

  /** The name the client resolved to this IP, or null. */
  String nameFor(String clientKey, String ip, long atMillis) {
    Entry e = byClientAndIp.get(clientKey + '|' + ip);
    return e == null || e.expiresAt < atMillis ? null : e.name;
  }

  void purge(long nowMillis) {
    byClientAndIp.values().removeIf(e -> e.expiresAt < nowMillis);
    if (byClientAndIp.size() >= maxEntries) {
      long cutoff =
          byClientAndIp.values().stream()
              .mapToLong(Entry::expiresAt)
              .sorted()
              .skip(byClientAndIp.size() / 2)
              .findFirst()
              .orElse(Long.MAX_VALUE);
      byClientAndIp.values().removeIf(e -> e.expiresAt < cutoff);
    }
  }

  int size() {
    return byClientAndIp.size();
  }
}
