package io.netmapper.mapper.persist;

import static io.netmapper.mapper.persist.DurableMapTest.render;
import static io.netmapper.mapper.persist.DurableMapTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netmapper.mapper.ingest.LedgerWindow;
import io.netmapper.mapper.testing.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The durable map on a real PostgreSQL 15 server (Debian's package, started by the test). */
class PostgresStoreTest {
  static PostgresServer pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  static StoreSettings postgres(String password) {
    return new StoreSettings(
        StoreSettings.Kind.POSTGRESQL,
        null,
        pg.url(),
        PostgresServer.USER,
        Optional.of(password),
        true);
  }

  @Test
  void databaseGoingAwayDuringIngest_readinessOffThenNothingAcknowledgedOrAppliedIsLost()
      throws Exception {
    List<String> expected;
    try (DurableMapTest.Opened m = new DurableMapTest.Opened(postgres(pg.password))) {
      await().atMost(Duration.ofSeconds(60)).until(m.durable::ready);
      m.store.reset(); // this test's own map
      m.ledgerOut.add(
          new LedgerWindow("sniffer/node-1/pg", 4, new long[] {6}, System.currentTimeMillis()));
      m.applyDurably(tcp("web", "api", 8080, 1_000));

      pg.stopServer();
      assertThatThrownBy(() -> m.applyDurably(tcp("web", "cache", 6379, 2_000)))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("map storage unavailable");
      assertThat(m.durable.ready()).isFalse();
      assertThat(m.durable.accepting()).isFalse();
      assertThat(m.metric("netmapper_mapper_store_failures")).isGreaterThanOrEqualTo(1);
      assertThat(m.metric("netmapper_mapper_store_up")).isZero();

      pg.startServer();
      await().atMost(Duration.ofSeconds(60)).until(m.durable::ready);
      m.applyDurably(tcp("web", "api", 8443, 3_000));
      expected = render(m.store.snapshot());
    }
    assertThat(expected).hasSize(2);
    try (DurableMapTest.Opened again = new DurableMapTest.Opened(postgres(pg.password))) {
      await().atMost(Duration.ofSeconds(60)).until(again.durable::ready);
      // the edge whose first commit failed was kept and written once the database was back
      assertThat(render(again.store.snapshot())).isEqualTo(expected);
      assertThat(again.ledgerIn)
          .anySatisfy(w -> assertThat(w.reporter()).isEqualTo("sniffer/node-1/pg"));
    }
  }

  @Test
  void wrongPassword_isNotReadyAndSaysAuthenticationFailed() throws Exception {
    try (DurableMapTest.Opened m = new DurableMapTest.Opened(postgres("not-the-password"))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> m.metric("netmapper_mapper_store_failures") >= 1);
      assertThat(m.durable.ready()).isFalse();
      assertThat(m.durable.problem()).containsIgnoringCase("password authentication failed");
      assertThatThrownBy(() -> m.durable.durable().get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }
}
