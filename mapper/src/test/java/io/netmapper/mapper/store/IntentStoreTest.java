package io.netmapper.mapper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentStoreTest {
  private static final Peer A =
      new Peer.WorkloadPeer(new Workload("ns", "a", "Deployment", "apps/v1"));
  private static final Peer B =
      new Peer.WorkloadPeer(new Workload("ns", "b", "Deployment", "apps/v1"));

  private static EdgeUpdate update(
      Peer c, Peer s, Evidence e, long first, long last, int port, String dns) {
    return new EdgeUpdate(
        c, s, IntentType.TCP, e, first, last, 1, port, dns, null, null, null, Map.of(), Map.of());
  }

  @Test
  void updatesOfOneEdge_mergeIntoOneIntent() {
    List<IntentType> created = new ArrayList<>();
    IntentStore store = new IntentStore(created::add);
    store.apply(update(A, B, Evidence.DNS, 100, 100, 0, "b.ns.svc.cluster.local"));
    store.apply(update(A, B, Evidence.SYN, 50, 200, 8080, null));
    store.apply(update(A, B, Evidence.SOCKET_SCAN, 300, 300, 443, null));
    store.apply(update(A, B, Evidence.SYN, 300, 300, 8080, null));
    assertThat(store.size()).isEqualTo(1);
    assertThat(created).containsExactly(IntentType.TCP);
    IntentView v = store.snapshot().get(0);
    assertThat(v.ports()).containsExactly(443, 8080);
    assertThat(v.firstSeenMillis()).isEqualTo(50);
    assertThat(v.lastSeenMillis()).isEqualTo(300);
    assertThat(v.count()).isEqualTo(4);
    assertThat(v.evidence())
        .containsExactlyInAnyOrder(Evidence.DNS, Evidence.SYN, Evidence.SOCKET_SCAN);
    assertThat(v.dnsNames()).containsExactly("b.ns.svc.cluster.local");
  }

  @Test
  void directionAndTypeAreDistinctEdges() {
    IntentStore store = new IntentStore();
    store.apply(update(A, B, Evidence.SYN, 1, 1, 80, null));
    store.apply(update(B, A, Evidence.SYN, 1, 1, 80, null));
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.reset()).isEqualTo(2);
    assertThat(store.snapshot()).isEmpty();
  }

  @Test
  void kafkaDetails_collectTopicsAndOperations() {
    IntentStore store = new IntentStore();
    for (String op : List.of("produce", "consume", "produce")) {
      store.apply(
          new EdgeUpdate(
              A,
              B,
              IntentType.KAFKA,
              Evidence.KAFKA_LOG,
              1,
              1,
              1,
              9092,
              null,
              null,
              null,
              new EdgeUpdate.KafkaDetail("orders", op),
              Map.of(),
              Map.of()));
    }
    assertThat(store.snapshot().get(0).details()).containsOnlyKeys("orders");
    assertThat(store.snapshot().get(0).details().get("orders"))
        .containsExactlyInAnyOrder("produce", "consume");
  }
}
