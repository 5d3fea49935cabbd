package io.netmapper.kafkawatcher.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessAggregatorTest {
  static final BrokerPod BROKER = new BrokerPod("kafka", "kafka-0");
  final List<String> dropped = new ArrayList<>();

  static KafkaAccessSeen.Key key(String topic, boolean allowed) {
    return new KafkaAccessSeen.Key("10.244.1.5", BROKER, topic, "LITERAL", "WRITE", allowed);
  }

  @Test
  void sameAccess_foldsIntoOneWindow_andDrainStartsANewInterval() {
    AccessAggregator a = new AccessAggregator(10, dropped::add);
    a.add(key("orders", true), 2000);
    a.add(key("orders", true), 1000);
    a.add(key("orders", true), 3000);
    a.add(key("orders", false), 1500);
    List<KafkaAccessSeen> out = a.drain();
    assertThat(out)
        .containsExactlyInAnyOrder(
            new KafkaAccessSeen(key("orders", true), 1000, 3000, 3),
            new KafkaAccessSeen(key("orders", false), 1500, 1500, 1));
    assertThat(a.drain()).isEmpty();
  }

  @Test
  void full_newKeysAreDroppedAndCounted_knownKeysKeepCounting() {
    AccessAggregator a = new AccessAggregator(1, dropped::add);
    a.add(key("a", true), 1);
    a.add(key("b", true), 1);
    a.add(key("a", true), 2);
    assertThat(dropped).containsExactly("aggregate_full");
    assertThat(a.drain()).containsExactly(new KafkaAccessSeen(key("a", true), 1, 2, 2));
  }
}
