package io.netmapper.mapper.persist;

import io.netmapper.mapper.ingest.LedgerWindow;
import io.netmapper.mapper.store.IntentView;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The map's tables over JDBC, for both engines (H2 embedded, PostgreSQL): schema migrations
 * (Flyway, {@code db/netmapper}), loading at start, and one transaction per group commit. Used by
 * one thread at a time (the committer).
 */
final class SqlMap implements AutoCloseable {
  /** The newest schema this code writes (the highest migration). */
  static final String SCHEMA_VERSION = "2";

  private enum Dialect {
    H2(
        "MERGE INTO netmapper_edges (edge_key, client_namespace, last_seen_millis, body)"
            + " KEY (edge_key) VALUES (?, ?, ?, ?)",
        "MERGE INTO netmapper_batches (reporter, watermark, above, touched_millis)"
            + " KEY (reporter) VALUES (?, ?, ?, ?)"),
    POSTGRESQL(
        "INSERT INTO netmapper_edges (edge_key, client_namespace, last_seen_millis, body)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (edge_key) DO UPDATE SET"
            + " client_namespace = EXCLUDED.client_namespace,"
            + " last_seen_millis = EXCLUDED.last_seen_millis, body = EXCLUDED.body",
        "INSERT INTO netmapper_batches (reporter, watermark, above, touched_millis)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (reporter) DO UPDATE SET"
            + " watermark = EXCLUDED.watermark, above = EXCLUDED.above,"
            + " touched_millis = EXCLUDED.touched_millis");

    final String upsertEdge;
    final String upsertWindow;

    Dialect(String upsertEdge, String upsertWindow) {
      this.upsertEdge = upsertEdge;
      this.upsertWindow = upsertWindow;
    }
  }

  private final StoreSettings settings;
  private final Dialect dialect;
  private final Connection connection;

  private SqlMap(StoreSettings settings, Connection connection) {
    this.settings = settings;
    this.dialect = settings.kind() == StoreSettings.Kind.EMBEDDED ? Dialect.H2 : Dialect.POSTGRESQL;
    this.connection = connection;
  }

  /**
   * Connects and brings the schema to {@link #SCHEMA_VERSION} (an older data directory or database
   * is upgraded in place).
   *
   * @throws StoreException naming the stage that failed (open, migrate) and why
   */
  static SqlMap open(StoreSettings settings) {
    String url = settings.jdbcUrl();
    migrate(settings, url, null);
    return new SqlMap(settings, connect(settings, url));
  }

  /** Migrates to {@code target} (null: the newest); tests use an older target. */
  static MigrateResult migrate(StoreSettings settings, String url, String target) {
    try {
      var config =
          Flyway.configure()
              .dataSource(url, settings.user(), settings.password().orElse(null))
              .locations("classpath:db/netmapper")
              .table("netmapper_schema_history")
              .connectRetries(0);
      if (target != null) {
        config.target(target);
      }
      return config.load().migrate();
    } catch (RuntimeException e) {
      throw new StoreException("migrate", rootCause(e), e);
    }
  }

  private static Connection connect(StoreSettings settings, String url) {
    Properties p = new Properties();
    if (settings.user() != null) {
      p.setProperty("user", settings.user());
    }
    settings.password().ifPresent(pw -> p.setProperty("password", pw));
    if (settings.kind() == StoreSettings.Kind.POSTGRESQL) {
      p.setProperty("reWriteBatchedInserts", "true");
      p.setProperty("connectTimeout", "5");
      p.setProperty("socketTimeout", "30");
    }
    try {
      Connection c = DriverManager.getConnection(url, p);
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      throw new StoreException("open", rootCause(e), e);
    }
  }

  /** Streams every stored edge to {@code sink}; unreadable rows go to {@code corrupt}. */
  void loadEdges(Consumer<IntentView> sink, Consumer<String> corrupt) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setFetchSize(1000);
      try (ResultSet rs = s.executeQuery("SELECT edge_key, body FROM netmapper_edges")) {
        while (rs.next()) {
          try {
            sink.accept(EdgeCodec.decode(rs.getBytes(2)));
          } catch (IllegalArgumentException e) {
            corrupt.accept(rs.getString(1) + ": " + e.getMessage());
          }
        }
      }
    }
    connection.commit();
  }

  /** The batch ledger, dropping (and deleting) reporters idle since before {@code cutoff}. */
  List<LedgerWindow> loadLedger(long cutoffMillis) throws SQLException {
    List<LedgerWindow> out = new ArrayList<>();
    try (PreparedStatement del =
        connection.prepareStatement("DELETE FROM netmapper_batches WHERE touched_millis < ?")) {
      del.setLong(1, cutoffMillis);
      del.executeUpdate();
    }
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT reporter, watermark, above, touched_millis FROM netmapper_batches")) {
      while (rs.next()) {
        ByteBuffer above = ByteBuffer.wrap(rs.getBytes(3));
        long[] seqs = new long[above.remaining() / Long.BYTES];
        for (int i = 0; i < seqs.length; i++) {
          seqs[i] = above.getLong();
        }
        out.add(new LedgerWindow(rs.getString(1), rs.getLong(2), seqs, rs.getLong(4)));
      }
    }
    connection.commit();
    return out;
  }

  /** One transaction: a reset (if any) first, then the changed edges and ledger windows. */
  void write(boolean reset, Collection<IntentView> edges, Collection<LedgerWindow> windows)
      throws SQLException {
    try {
      if (reset) {
        try (Statement s = connection.createStatement()) {
          s.executeUpdate("DELETE FROM netmapper_edges");
        }
      }
      if (!edges.isEmpty()) {
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertEdge)) {
          for (IntentView v : edges) {
            ps.setString(1, EdgeCodec.key(v));
            ps.setString(2, EdgeCodec.clientNamespace(v));
            ps.setLong(3, v.lastSeenMillis());
            ps.setBytes(4, EdgeCodec.encode(v));
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      if (!windows.isEmpty()) {
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertWindow)) {
          for (LedgerWindow w : windows) {
            ByteBuffer above = ByteBuffer.allocate(w.above().length * Long.BYTES);
            for (long s : w.above()) {
              above.putLong(s);
            }
            ps.setString(1, w.reporter());
            ps.setLong(2, w.watermark());
            ps.setBytes(3, above.array());
            ps.setLong(4, w.touchedMillis());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      connection.commit();
      if (dialect == Dialect.H2) {
        // H2 writes committed changes to its file in the background (WRITE_DELAY); an
        // acknowledgement needs them in the file now, and with fsync on the disk too
        try (Statement s = connection.createStatement()) {
          s.execute(settings.fsync() ? "CHECKPOINT SYNC" : "CHECKPOINT");
        }
      }
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the connection is gone; the committer reconnects
      }
      throw e;
    }
  }

  /** True while the connection answers (PostgreSQL may have gone away). */
  boolean alive() {
    try {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }

  /** The deepest cause that says something (a bare EOFException says less than its wrapper). */
  static String rootCause(Throwable e) {
    Throwable said = e;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null) {
        said = t;
      }
    }
    String m = String.valueOf(said.getMessage());
    int nl = m.indexOf('\n');
    m = nl > 0 ? m.substring(0, nl) : m;
    return said.getClass().getSimpleName() + ": " + m;
  }

  /** A stage of opening the store failed; the message says which and why, for the log line. */
  static final class StoreException extends RuntimeException {
    final String stage;

    StoreException(String stage, String message, Throwable cause) {
      super(stage + " failed: " + message, cause);
      this.stage = stage;
    }
  }
}
