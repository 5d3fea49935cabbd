package io.netmapper.kafkawatcher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.netmapper.kafkawatcher.KafkaWatcher;
import io.netmapper.kafkawatcher.KafkaWatcherConfig;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * --broker-selector: brokers are found by label, new ones get a stream, removed ones lose theirs.
 */
class BrokerSelectorTest {
  final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          responses,
          new KubernetesMixedDispatcher(responses),
          false);
  NamespacedKubernetesClient client;

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  void pod(String ns, String name, String app) {
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(Map.of("app", app))
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build())
        .create();
  }

  @Test
  void selector_findsBrokersInAnyNamespace_andFollowsChanges() throws Exception {
    server.init();
    client = server.createClient();
    pod("kafka", "kafka-0", "kafka");
    pod("other", "kafka-0", "kafka");
    pod("kafka", "zookeeper-0", "zookeeper");
    KafkaWatcherConfig config =
        KafkaWatcherConfig.parse(
            new String[0],
            Map.of(
                "NETMAPPER_BROKER_SELECTOR",
                "app=kafka",
                "NETMAPPER_DISCOVERY_INTERVAL",
                "PT0.2S",
                "NETMAPPER_HEALTH_ADDRESS",
                "127.0.0.1",
                "NETMAPPER_HEALTH_PORT",
                "0",
                "NETMAPPER_RECONNECT_INITIAL_BACKOFF",
                "PT0.1S",
                "NETMAPPER_TELEMETRY_ENABLED",
                "false"));
    try (KafkaWatcher w =
        new KafkaWatcher(
            config, new KafkaWatcherMetrics(), batch -> {}, client, Clock.systemUTC())) {
      w.start();
      BrokerPod a = new BrokerPod("kafka", "kafka-0");
      BrokerPod b = new BrokerPod("other", "kafka-0");
      // Pending pods are waited for, not read
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  w.streamStates().keySet().equals(java.util.Set.of(a, b))
                      && w.streamStates().get(a) == StreamState.WAITING);
      pod("kafka", "kafka-1", "kafka");
      client.pods().inNamespace("other").withName("kafka-0").delete();
      BrokerPod c = new BrokerPod("kafka", "kafka-1");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> w.streamStates().keySet().equals(java.util.Set.of(a, c)));
      assertThat(w.streamStates())
          .containsOnlyKeys(a, c)
          .doesNotContainKey(new BrokerPod("kafka", "zookeeper-0"));
    }
  }
}
