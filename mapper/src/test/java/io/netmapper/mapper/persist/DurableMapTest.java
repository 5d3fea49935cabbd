package io.netmapper.mapper.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.mapper.ingest.LedgerWindow;
import io.netmapper.mapper.metrics.MapperMetrics;
import io.netmapper.mapper.store.EdgeUpdate;
import io.netmapper.mapper.store.Evidence;
import io.netmapper.mapper.store.IntentStore;
import io.netmapper.mapper.store.IntentType;
import io.netmapper.mapper.store.IntentView;
import io.netmapper.mapper.store.Peer;
import io.netmapper.mapper.store.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store (real H2 files in a temporary data directory). */
class DurableMapTest {
  @TempDir Path dir;

  /** A store and its durable map, as the mapper wires them; the ledger is a plain list. */
  static final class Opened implements AutoCloseable {
    final IntentStore store = new IntentStore();
    final List<LedgerWindow> ledgerOut = new ArrayList<>();
    final List<LedgerWindow> ledgerIn = new ArrayList<>();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final DurableMap durable;

    Opened(StoreSettings settings) {
      durable =
          new DurableMap(
              settings,
              store,
              () -> {
                List<LedgerWindow> out = List.copyOf(ledgerOut);
                ledgerOut.clear();
                return out;
              },
              ledgerIn::addAll,
              new MapperMetrics(registry),
              Clock.systemUTC(),
              3_600_000,
              50);
      durable.start();
    }

    void applyDurably(EdgeUpdate... updates) throws Exception {
      store.batch(
          () -> {
            for (EdgeUpdate u : updates) {
              store.apply(u);
            }
            return null;
          });
      durable.durable().get(20, TimeUnit.SECONDS);
    }

    double metric(String name) {
      return registry.getMeters().stream()
          .filter(m -> m.getId().getName().equals(name))
          .flatMap(m -> java.util.stream.StreamSupport.stream(m.measure().spliterator(), false))
          .mapToDouble(ms -> ms.getValue())
          .sum();
    }

    @Override
    public void close() {
      durable.close();
    }
  }

  StoreSettings embedded() {
    return new StoreSettings(StoreSettings.Kind.EMBEDDED, dir, null, null, Optional.empty(), true);
  }

  static EdgeUpdate tcp(String client, String server, int port, long at) {
    return new EdgeUpdate(
        new Peer.WorkloadPeer(new Workload("shop", client, "Deployment", "apps/v1")),
        new Peer.WorkloadPeer(new Workload("shop", server, "Deployment", "apps/v1")),
        IntentType.TCP,
        Evidence.SYN,
        at,
        at + 10,
        3,
        port,
        null,
        server + ".shop",
        null,
        null,
        Map.of("app", client),
        Map.of());
  }

  static EdgeUpdate kafka(String topic, String op, long at) {
    return new EdgeUpdate(
        new Peer.WorkloadPeer(new Workload("shop", "orders", "Deployment", "apps/v1")),
        new Peer.WorkloadPeer(new Workload("kafka", "broker", "StatefulSet", "apps/v1")),
        IntentType.KAFKA,
        Evidence.KAFKA_LOG,
        at,
        at,
        1,
        9092,
        null,
        null,
        null,
        new EdgeUpdate.KafkaDetail(topic, op),
        Map.of(),
        Map.of());
  }

  static List<String> render(List<IntentView> views) {
    return views.stream()
        .map(
            v ->
                EdgeCodec.key(v)
                    + " ports="
                    + java.util.Arrays.toString(v.ports())
                    + " count="
                    + v.count()
                    + " first="
                    + v.firstSeenMillis()
                    + " last="
                    + v.lastSeenMillis()
                    + " evidence="
                    + v.evidence()
                    + " services="
                    + v.serviceNames()
                    + " details="
                    + new java.util.TreeMap<>(v.details())
                    + " labels="
                    + v.clientLabels())
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  @Test
  void restart_keepsEveryAcknowledgedEdgeAndTheLedger() throws Exception {
    List<String> before;
    try (Opened m = new Opened(embedded())) {
      await().atMost(Duration.ofSeconds(20)).until(m.durable::ready);
      m.ledgerOut.add(
          new LedgerWindow(
              "sniffer/node-1/abc", 7, new long[] {9, 12}, System.currentTimeMillis()));
      m.applyDurably(tcp("web", "api", 8080, 1_000), tcp("web", "api", 8443, 2_000));
      m.applyDurably(kafka("orders", "produce", 3_000), kafka("orders", "consume", 4_000));
      before = render(m.store.snapshot());
      assertThat(m.metric("netmapper_mapper_store_up")).isEqualTo(1.0);
    }
    try (Opened again = new Opened(embedded())) {
      await().atMost(Duration.ofSeconds(20)).until(again.durable::ready);
      assertThat(render(again.store.snapshot())).isEqualTo(before);
      assertThat(again.durable.loadedEdges()).isEqualTo(2);
      assertThat(again.ledgerIn).hasSize(1);
      LedgerWindow w = again.ledgerIn.get(0);
      assertThat(w.reporter()).isEqualTo("sniffer/node-1/abc");
      assertThat(w.watermark()).isEqualTo(7);
      assertThat(w.above()).containsExactly(9, 12);
    }
  }

  @Test
  void reset_isDurableToo() throws Exception {
    try (Opened m = new Opened(embedded())) {
      await().atMost(Duration.ofSeconds(20)).until(m.durable::ready);
      m.applyDurably(tcp("web", "api", 8080, 1_000));
      assertThat(m.store.reset()).isEqualTo(1);
      m.applyDurably(tcp("web", "db", 5432, 5_000));
    }
    try (Opened again = new Opened(embedded())) {
      await().atMost(Duration.ofSeconds(20)).until(again.durable::ready);
      assertThat(render(again.store.snapshot()))
          .singleElement()
          .asString()
          .contains("w/shop/Deployment/db");
    }
  }

  @Test
  void corruptDataFile_isNotReadyWithAClearReasonAndRefusesAcknowledgements() throws Exception {
    Files.write(dir.resolve("netmapper.mv.db"), "this is not an H2 file".repeat(500).getBytes());
    try (Opened m = new Opened(embedded())) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> m.metric("netmapper_mapper_store_failures") >= 1);
      assertThat(m.durable.ready()).isFalse();
      assertThat(m.durable.accepting()).isFalse();
      assertThat(m.durable.problem()).contains("map storage unavailable").contains(dir.toString());
      assertThat(m.metric("netmapper_mapper_store_up")).isZero();
      assertThatThrownBy(() -> m.durable.durable().get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void dataDirThatIsAFile_isNotReadyAndSaysWhichDirectory() throws Exception {
    Path notADir = dir.resolve("occupied");
    Files.writeString(notADir, "a file where the data directory should be");
    StoreSettings s =
        new StoreSettings(StoreSettings.Kind.EMBEDDED, notADir, null, null, Optional.empty(), true);
    try (Opened m = new Opened(s)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> m.metric("netmapper_mapper_store_failures") >= 1);
      assertThat(m.durable.ready()).isFalse();
      assertThat(m.durable.problem()).contains(notADir.toString());
    }
  }

  @Test
  void dataDirectoryOfSchema1_isUpgradedInPlaceKeepingItsEdges() throws Exception {
    StoreSettings s = embedded();
    SqlMap.migrate(s, s.jdbcUrl(), "1");
    IntentView old;
    {
      IntentStore scratch = new IntentStore();
      scratch.apply(tcp("legacy", "api", 80, 500));
      old = scratch.snapshot().get(0);
    }
    try (var c = DriverManager.getConnection(s.jdbcUrl());
        var ps =
            c.prepareStatement(
                "INSERT INTO netmapper_edges (edge_key, client_namespace, last_seen_millis, body)"
                    + " VALUES (?, ?, ?, ?)")) {
      ps.setString(1, EdgeCodec.key(old));
      ps.setString(2, "shop");
      ps.setLong(3, old.lastSeenMillis());
      ps.setBytes(4, EdgeCodec.encode(old));
      ps.executeUpdate();
    }
    try (Opened m = new Opened(s)) {
      await().atMost(Duration.ofSeconds(20)).until(m.durable::ready);
      assertThat(render(m.store.snapshot())).isEqualTo(render(List.of(old)));
      m.ledgerOut.add(new LedgerWindow("sniffer/node-2/x", 3, new long[0], 1000));
      m.applyDurably(tcp("legacy", "api", 81, 600));
    }
    try (var c = DriverManager.getConnection(s.jdbcUrl());
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT MAX(\"version\") FROM \"netmapper_schema_history\" WHERE \"success\"")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(SqlMap.SCHEMA_VERSION);
    }
  }
}
