package io.netmapper.mapper.store;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of one edge, as queries see it.
 *
 * @param details Kafka: topic → operations; HTTP: path → methods; AWS: action → (empty)
 */
public record IntentView(
    Peer client,
    Peer server,
    IntentType type,
    int[] ports,
    List<String> dnsNames,
    List<String> serviceNames,
    List<String> internetIps,
    Map<String, Set<String>> details,
    long firstSeenMillis,
    long lastSeenMillis,
    long count,
    int evidenceBits,
    Map<String, String> clientLabels,
    Map<String, String> serverLabels) {

  public Set<Evidence> evidence() {
    EnumSet<Evidence> set = EnumSet.noneOf(Evidence.class);
    for (Evidence e : Evidence.values()) {
      if ((evidenceBits & e.bit()) != 0) {
        set.add(e);
      }
    }
    return set;
  }
}
