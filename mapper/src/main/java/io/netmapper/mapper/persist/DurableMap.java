package io.netmapper.mapper.persist;

import io.netmapper.mapper.ingest.Durability;
import io.netmapper.mapper.ingest.LedgerWindow;
import io.netmapper.mapper.metrics.MapperMetrics;
import io.netmapper.mapper.store.IntentStore;
import io.netmapper.mapper.store.IntentView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-memory map durable. One committer thread: it opens the store (migrating the schema),
 * loads the map and the batch ledger, then runs group commits — every batch waiting for an
 * acknowledgement since the previous commit is covered by the next one, so a commit's cost is
 * shared by all of them. A failed commit fails the waiting batches (UNAVAILABLE: reporters keep and
 * retry them), keeps what it could not write and retries; readiness is off meanwhile.
 */
public final class DurableMap implements Durability, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableMap.class);

  private final StoreSettings settings;
  private final IntentStore store;
  private final Supplier<List<LedgerWindow>> ledgerChanges;
  private final Consumer<List<LedgerWindow>> ledgerRestore;
  private final MapperMetrics metrics;
  private final Clock clock;
  private final long ledgerIdleMillis;
  private final long retryMillis;
  private final Object lock = new Object();
  private final Thread committer;
  private final AtomicInteger loadedEdges = new AtomicInteger();

  private List<CompletableFuture<Void>> waiting = new ArrayList<>(); // guarded by lock
  private volatile boolean loaded;
  private volatile boolean healthy;
  private volatile String problem = "map storage not opened yet";
  private volatile boolean stopping;
  private String lastLogged = ""; // committer thread only

  // committer thread only
  private SqlMap db;
  private final Map<String, IntentView> unwrittenEdges = new HashMap<>();
  private final Map<String, LedgerWindow> unwrittenWindows = new HashMap<>();
  private boolean unwrittenReset;

  /**
   * @param ledgerChanges the batch ledger's changed windows (called while no batch is half applied)
   * @param ledgerRestore puts the stored ledger back before the first batch is taken
   * @param ledgerIdleMillis reporters idle longer than this are not restored
   * @param retryMillis how long to wait before reopening a store that failed
   */
  public DurableMap(
      StoreSettings settings,
      IntentStore store,
      Supplier<List<LedgerWindow>> ledgerChanges,
      Consumer<List<LedgerWindow>> ledgerRestore,
      MapperMetrics metrics,
      Clock clock,
      long ledgerIdleMillis,
      long retryMillis) {
    if (settings.kind() == StoreSettings.Kind.MEMORY) {
      throw new IllegalArgumentException("the memory store needs no DurableMap");
    }
    this.settings = settings;
    this.store = store;
    this.ledgerChanges = ledgerChanges;
    this.ledgerRestore = ledgerRestore;
    this.metrics = metrics;
    this.clock = clock;
    this.ledgerIdleMillis = ledgerIdleMillis;
    this.retryMillis = retryMillis;
    store.trackChanges();
    this.committer = new Thread(this::run, "mapper-store-committer");
    committer.setDaemon(true);
    metrics.gauge(
        "netmapper_mapper_store_up",
        "1 while the map's storage is loaded and its last commit succeeded",
        () -> ready() ? 1 : 0);
    metrics.gauge(
        "netmapper_mapper_store_edges_unwritten",
        "Changed edges not yet committed",
        store::dirtyCount);
  }

  /** Starts the committer: it opens and loads the store, then commits. Returns at once. */
  public void start() {
    committer.start();
  }

  /** True once the map is loaded and while commits succeed. */
  public boolean ready() {
    return loaded && healthy;
  }

  @Override
  public boolean accepting() {
    return ready();
  }

  @Override
  public String problem() {
    return ready() ? "" : problem;
  }

  /** Edges read from the store at start. */
  public int loadedEdges() {
    return loadedEdges.get();
  }

  @Override
  public CompletableFuture<Void> durable() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!loaded) {
      f.completeExceptionally(new IllegalStateException(problem));
      return f;
    }
    synchronized (lock) {
      waiting.add(f);
      lock.notifyAll();
    }
    return f;
  }

  private void run() {
    while (!stopping) {
      if (db == null && !open()) {
        pause(retryMillis);
        continue;
      }
      List<CompletableFuture<Void>> batch;
      synchronized (lock) {
        if (waiting.isEmpty() && !stopping) {
          try {
            // changes without a waiting batch (late resolutions) are committed within this time
            lock.wait(1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      if (!commit(batch)) {
        pause(retryMillis);
      }
    }
  }

  private boolean open() {
    try {
      db = SqlMap.open(settings);
      if (!loaded) {
        load();
      }
      if (!healthy) {
        LOG.info("map storage available {}", settings.summary());
      }
      healthy = true;
      problem = "";
      lastLogged = "";
      return true;
    } catch (SqlMap.StoreException e) {
      fail(e.stage, e.getMessage() + hint(e.stage));
    } catch (java.sql.SQLException | RuntimeException e) {
      fail("open", "load failed: " + SqlMap.rootCause(e));
    }
    if (db != null) {
      db.close();
      db = null;
    }
    return false;
  }

  private String hint(String stage) {
    if (settings.kind() != StoreSettings.Kind.EMBEDDED) {
      return "";
    }
    return "; check that "
        + settings.dataDir()
        + " is a writable directory with free space, and that no other mapper uses it"
        + (stage.equals("migrate")
            ? " (a corrupt file: move netmapper.mv.db away to start an empty map)"
            : "");
  }

  private void load() throws java.sql.SQLException {
    long start = System.nanoTime();
    db.loadEdges(
        v -> {
          store.restore(v);
          loadedEdges.incrementAndGet();
        },
        bad -> {
          metrics.storeFailure("corrupt_row");
          LOG.warn("map storage row skipped {}", bad);
        });
    List<LedgerWindow> windows = db.loadLedger(clock.millis() - ledgerIdleMillis);
    ledgerRestore.accept(windows);
    loaded = true;
    LOG.info(
        "map loaded edges={} reporters={} ms={} {}",
        loadedEdges.get(),
        windows.size(),
        (System.nanoTime() - start) / 1_000_000,
        settings.summary());
  }

  /** One group commit; false when it failed (the waiting batches are failed, changes kept). */
  private boolean commit(List<CompletableFuture<Void>> batch) {
    IntentStore.Changes<List<LedgerWindow>> c = store.drainChanges(ledgerChanges);
    if (c.reset()) {
      unwrittenEdges.clear();
      unwrittenReset = true;
    }
    c.edges().forEach(v -> unwrittenEdges.put(EdgeCodec.key(v), v));
    c.extra().forEach(w -> unwrittenWindows.put(w.reporter(), w));
    if (unwrittenEdges.isEmpty() && unwrittenWindows.isEmpty() && !unwrittenReset) {
      batch.forEach(f -> f.complete(null));
      return true;
    }
    long start = System.nanoTime();
    try {
      db.write(unwrittenReset, unwrittenEdges.values(), unwrittenWindows.values());
    } catch (java.sql.SQLException | RuntimeException e) {
      String why = "commit failed: " + SqlMap.rootCause(e) + hint("commit");
      fail("commit", why);
      IllegalStateException failure = new IllegalStateException(problem);
      batch.forEach(f -> f.completeExceptionally(failure));
      db.close();
      db = null;
      return false;
    }
    metrics.storeCommitted(System.nanoTime() - start, unwrittenEdges.size());
    unwrittenEdges.clear();
    unwrittenWindows.clear();
    unwrittenReset = false;
    batch.forEach(f -> f.complete(null));
    return true;
  }

  private void fail(String stage, String message) {
    metrics.storeFailure(stage);
    if (healthy || !message.equals(lastLogged)) {
      // one line per change of state, not one per retry
      LOG.error("map storage unavailable stage={} {} ({})", stage, message, settings.summary());
      lastLogged = message;
    }
    healthy = false;
    problem = "map storage unavailable: " + message;
  }

  /** Waits before retrying; batches that wait for a commit meanwhile are failed, not held. */
  private void pause(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    synchronized (lock) {
      while (!stopping) {
        failWaiting();
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
      }
      failWaiting();
    }
  }

  private void failWaiting() {
    List<CompletableFuture<Void>> failed = waiting;
    waiting = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException(problem);
    failed.forEach(f -> f.completeExceptionally(failure));
  }

  /** Stops the committer after a last commit, and closes the store. */
  @Override
  public void close() {
    stopping = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    try {
      committer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (db != null) {
      commit(List.of());
      db.close();
      db = null;
    }
  }
}
