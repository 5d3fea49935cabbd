package io.netmapper.mapper.bench;

import io.netmapper.mapper.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The durable map's write path on each candidate engine: group commits of changed edges (upsert of
 * a key + a ~300 byte body, as the mapper writes them) into a table that already holds {@code
 * existing} edges, each commit forced to the disk before it returns. Prints commits/s and edges/s,
 * min/median/max over the runs. See docs/benchmarks.md ("Durable map: engine choice").
 *
 * <p>Usage: {@code StoreEngineBench [existingEdges] [edgesPerCommit] [commits] [runs]}
 */
public final class StoreEngineBench {
  private StoreEngineBench() {}

  record Engine(
      String name, String url, String upsert, String afterCommit, String user, String pw) {}

  public static void main(String[] args) throws Exception {
    int existing = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int perCommit = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int commits = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String pgUpsert =
        "INSERT INTO edges (k, body) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET body = EXCLUDED.body";
    System.out.printf(
        "existing=%d edgesPerCommit=%d commits=%d runs=%d load=%s%n",
        existing, perCommit, commits, runs, Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.printf("%-34s %28s %28s%n", "engine", "commits/s min/med/max", "edges/s median");
    try (PostgresServer pg = PostgresServer.start()) {
      for (int run = 0; run < 1; run++) {
        List<Engine> engines = new ArrayList<>();
        Path dir = Files.createTempDirectory("netmapper-enginebench-");
        engines.add(
            new Engine(
                "h2 2.5 (MVStore) CHECKPOINT SYNC",
                "jdbc:h2:file:" + dir.resolve("h2sync"),
                "MERGE INTO edges (k, body) KEY (k) VALUES (?, ?)",
                "CHECKPOINT SYNC",
                null,
                null));
        engines.add(
            new Engine(
                "h2 2.5 (MVStore) CHECKPOINT",
                "jdbc:h2:file:" + dir.resolve("h2"),
                "MERGE INTO edges (k, body) KEY (k) VALUES (?, ?)",
                "CHECKPOINT",
                null,
                null));
        engines.add(
            new Engine(
                "sqlite 3.53 WAL synchronous=FULL",
                "jdbc:sqlite:" + dir.resolve("sqlite.db"),
                pgUpsert,
                null,
                null,
                null));
        engines.add(
            new Engine(
                "postgresql 15 (loopback, fsync=off)",
                pg.url(),
                pgUpsert,
                null,
                PostgresServer.USER,
                pg.password));
        for (Engine e : engines) {
          double[] rates = new double[runs];
          for (int r = 0; r < runs; r++) {
            rates[r] = measure(e, existing, perCommit, commits, r);
          }
          Arrays.sort(rates);
          System.out.printf(
              "%-34s %9.0f / %6.0f / %6.0f %20.0f%n",
              e.name, rates[0], rates[runs / 2], rates[runs - 1], rates[runs / 2] * perCommit);
        }
      }
    }
  }

  private static double measure(Engine e, int existing, int perCommit, int commits, int run)
      throws Exception {
    try (Connection c = DriverManager.getConnection(e.url, e.user, e.pw)) {
      try (Statement s = c.createStatement()) {
        if (e.name.startsWith("sqlite")) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=FULL");
        }
        // PostgreSQL: the test harness's server runs with fsync=off, so its row is an upper bound
        s.execute("DROP TABLE IF EXISTS edges");
        s.execute(
            "CREATE TABLE edges (k VARCHAR(512) NOT NULL PRIMARY KEY, body "
                + (e.name.startsWith("postgresql") ? "BYTEA" : "VARBINARY(4096)")
                + " NOT NULL)");
      }
      c.setAutoCommit(false);
      Random rnd = new Random(42 + run);
      byte[] body = new byte[300];
      try (PreparedStatement ps = c.prepareStatement(e.upsert)) {
        for (int i = 0; i < existing; i++) {
          rnd.nextBytes(body);
          ps.setString(1, key(i));
          ps.setBytes(2, body);
          ps.addBatch();
          if (i % 1000 == 999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
        c.commit();
        long start = System.nanoTime();
        for (int n = 0; n < commits; n++) {
          for (int i = 0; i < perCommit; i++) {
            rnd.nextBytes(body);
            ps.setString(1, key(rnd.nextInt(existing + existing / 10)));
            ps.setBytes(2, body);
            ps.addBatch();
          }
          ps.executeBatch();
          c.commit();
          if (e.afterCommit != null) {
            try (Statement s = c.createStatement()) {
              s.execute(e.afterCommit);
            }
          }
        }
        return commits / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static String key(int i) {
    return "w/shop/Deployment/client-"
        + (i % 977)
        + "@apps/v1 w/shop/Deployment/server-"
        + i
        + " TCP";
  }
}
