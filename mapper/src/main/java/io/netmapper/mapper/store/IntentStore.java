package io.netmapper.mapper.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The map: one {@link Intent} per (client, server, type). Thread-safe. */
public final class IntentStore {
  private record EdgeKey(Peer client, Peer server, IntentType type) {}

  private final ConcurrentHashMap<EdgeKey, Intent> edges = new ConcurrentHashMap<>();
  private final Consumer<IntentType> onNewEdge;

  /**
   * @param onNewEdge told the type of every edge seen for the first time (metrics, telemetry)
   */
  public IntentStore(Consumer<IntentType> onNewEdge) {
    this.onNewEdge = onNewEdge;
  }

  public IntentStore() {
    this(type -> {});
  }

  public void apply(EdgeUpdate update) {
    EdgeKey key = new EdgeKey(update.client(), update.server(), update.type());
    Intent intent = edges.get(key);
    if (intent == null) {
      boolean[] created = {false};
      intent =
          edges.computeIfAbsent(
              key,
              k -> {
                created[0] = true;
                return new Intent(k.client(), k.server(), k.type());
              });
      if (created[0]) {
        onNewEdge.accept(update.type());
      }
    }
    intent.merge(update);
  }

  public List<IntentView> snapshot() {
    List<IntentView> out = new ArrayList<>(edges.size());
    edges.values().forEach(i -> out.add(i.view()));
    return out;
  }

  public int size() {
    return edges.size();
  }

  /** Forgets everything seen so far; returns how many edges were forgotten. */
  public int reset() {
    int n = edges.size();
    edges.clear();
    return n;
  }
}
