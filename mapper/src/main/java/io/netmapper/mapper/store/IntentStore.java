package io.netmapper.mapper.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The map: one {@link Intent} per (client, server, type). Thread-safe.
 *
 * <p>It also tracks what changed since the last {@link #drainChanges}, so the durable map (package
 * {@code persist}) writes only changed edges. A gate lock lets one report batch's changes be seen
 * by a commit all together or not at all: {@link #batch} runs under the shared side, {@link
 * #drainChanges} and {@link #reset} under the exclusive side.
 */
public final class IntentStore {
  private record EdgeKey(Peer client, Peer server, IntentType type) {}

  /**
   * What changed since the previous drain.
   *
   * @param reset the map was reset first (everything stored before is gone)
   * @param edges the current state of every edge changed since, in no order
   * @param extra what the caller's supplier returned under the same lock (e.g. the batch ledger)
   */
  public record Changes<T>(boolean reset, List<IntentView> edges, T extra) {}

  private final ConcurrentHashMap<EdgeKey, Intent> edges = new ConcurrentHashMap<>();
  private final Consumer<IntentType> onNewEdge;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private volatile Set<Intent> dirty = ConcurrentHashMap.newKeySet();
  private volatile boolean resetPending;
  private volatile boolean tracking;

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
    gate.readLock().lock();
    try {
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
      if (tracking) {
        dirty.add(intent);
      }
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * Runs one report batch's changes (and its ledger claim) so that a {@link #drainChanges} sees all
   * of them or none.
   */
  public <T> T batch(Supplier<T> work) {
    gate.readLock().lock();
    try {
      return work.get();
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * Takes the changed edges (and a reset, if any) since the previous call; {@code alsoUnderLock}
   * runs while no batch is half applied.
   */
  public <T> Changes<T> drainChanges(Supplier<T> alsoUnderLock) {
    Set<Intent> taken;
    boolean reset;
    T extra;
    gate.writeLock().lock();
    try {
      taken = dirty;
      dirty = ConcurrentHashMap.newKeySet();
      reset = resetPending;
      resetPending = false;
      extra = alsoUnderLock.get();
      List<IntentView> views = new ArrayList<>(taken.size());
      taken.forEach(i -> views.add(i.view()));
      return new Changes<>(reset, views, extra);
    } finally {
      gate.writeLock().unlock();
    }
  }

  /** Starts remembering changed edges for {@link #drainChanges} (only a durable map drains). */
  public void trackChanges() {
    tracking = true;
  }

  /** Puts back an edge read from durable storage (at start; no new-edge callback, not dirty). */
  public void restore(IntentView view) {
    Intent i = Intent.restore(view);
    edges.put(new EdgeKey(view.client(), view.server(), view.type()), i);
  }

  /** Edges changed but not yet drained. */
  public int dirtyCount() {
    return dirty.size();
  }

  public List<IntentView> snapshot() {
    List<IntentView> out = new ArrayList<>(edges.size());
    edges.values().forEach(i -> out.add(i.view()));
    return out;
  }

  /**
   * The edges one at a time (weakly consistent: edges added or changed during the walk may or may
   * not be seen), so a query's memory does not grow with the map.
   */
  public java.util.Iterator<IntentView> iterator() {
    java.util.Iterator<Intent> it = edges.values().iterator();
    return new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public IntentView next() {
        return it.next().view();
      }
    };
  }

  public int size() {
    return edges.size();
  }

  /** Forgets everything seen so far; returns how many edges were forgotten. */
  public int reset() {
    gate.writeLock().lock();
    try {
      int n = edges.size();
      edges.clear();
      dirty = ConcurrentHashMap.newKeySet();
      resetPending = true;
      return n;
    } finally {
      gate.writeLock().unlock();
    }
  }
}
