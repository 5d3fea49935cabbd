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
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.kafkawatcher.KafkaWatcherTesting;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pod logs mode against fabric8's mock API server: expectations serve a broker's real log text
 * (kubelet timestamps, authorizer lines among other broker lines) over several connections, as an
 * API server does across disconnects and a broker restart. CRUD mode serves the pods.
 */
class PodLogsResumeTest {
  static final String BASE = "/api/v1/namespaces/kafka/pods/kafka-0/log";
  static final String ALLOWED =
      "DEBUG Principal = User:checkout is Allowed operation = WRITE from host = 10.244.2.10"
          + " on resource = Topic:LITERAL:orders for request = Produce with resourceRefCount = 1 based on rule"
          + " MatchingAcl(acl=StandardAcl(resourceType=TOPIC, resourceName=orders, patternType=LITERAL, principal=User:checkout,"
          + " host=*, operation=WRITE, permissionType=ALLOW)) (kafka.authorizer.logger)";

  KubernetesMockServer server;
  NamespacedKubernetesClient client;
  final List<KafkaAccessReport> received = new CopyOnWriteArrayList<>();
  final KafkaWatcherMetrics metrics = new KafkaWatcherMetrics();

  @BeforeEach
  void start() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    client = server.createClient();
    client
        .pods()
        .inNamespace("kafka")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("kafka-0")
                .withNamespace("kafka")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("kafka")
                .withImage("apache/kafka:4.3.1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("10.244.3.10")
                .endStatus()
                .build())
        .create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  static String line(String kubeletTime, String log4jTime, String text) {
    return kubeletTime + " [" + log4jTime + "] " + text + "\n";
  }

  static String allowed(String op, String topic, String request) {
    return ALLOWED.replace("WRITE", op).replace("orders", topic).replace("Produce", request);
  }

  Map<String, Long> countsByTopicAndOperation() {
    return received.stream()
        .flatMap(r -> r.getAccessesList().stream())
        .collect(
            Collectors.groupingBy(
                a ->
                    a.getTopic()
                        + "/"
                        + a.getOperation()
                        + "/"
                        + (a.getAllowed() ? "allowed" : "denied"),
                Collectors.summingLong(a -> a.getSeen().getCount())));
  }

  @Test
  void reconnectsAndABrokerRestart_resumeFromTheLastTimestamp_withoutDuplicatesOrLosses()
      throws Exception {
    // first connection: two decisions, another broker line, and a last line cut off by the
    // disconnect
    server
        .expect()
        .get()
        .withPath(BASE + "?pretty=false&timestamps=true&follow=true")
        .andReturn(
            200,
            line(
                    "2026-11-26T03:00:00.100000001Z",
                    "2026-11-26 03:00:00,100",
                    allowed("WRITE", "orders", "Produce"))
                + line(
                    "2026-11-26T03:00:00.200000000Z",
                    "2026-11-26 03:00:00,200",
                    "INFO [SocketServer listenerType=BROKER, nodeId=0] Enabling request processing. (kafka.network.SocketServer)")
                + line(
                    "2026-11-26T03:00:01.300000000Z",
                    "2026-11-26 03:00:01,300",
                    allowed("READ", "payments", "Fetch"))
                + line(
                    "2026-11-26T03:00:01.300000000Z",
                    "2026-11-26 03:00:01,300",
                    allowed("DESCRIBE", "payments", "Metadata"))
                + "2026-11-26T03:00:01.900000000Z [2026-11-26 03:00:01,900] INFO Principal = User:x is Denied operation = WRI")
        .once();
    // reconnect from 03:00:01 (second precision): the API repeats the lines of that second, then
    // the
    // cut line whole, then the broker restarts and logs on
    server
        .expect()
        .get()
        .withPath(BASE + "?pretty=false&sinceTime=2026-11-26T03:00:01Z&timestamps=true&follow=true")
        .andReturn(
            200,
            line(
                    "2026-11-26T03:00:01.300000000Z",
                    "2026-11-26 03:00:01,300",
                    allowed("READ", "payments", "Fetch"))
                + line(
                    "2026-11-26T03:00:01.300000000Z",
                    "2026-11-26 03:00:01,300",
                    allowed("DESCRIBE", "payments", "Metadata"))
                + line(
                    "2026-11-26T03:00:01.900000000Z",
                    "2026-11-26 03:00:01,900",
                    "INFO Principal = User:x is Denied operation = WRITE from host = 10.244.2.20 on resource = Topic:LITERAL:secrets for request = Produce with resourceRefCount = 1 based on rule DefaultDeny (kafka.authorizer.logger)")
                + line(
                    "2026-11-26T03:00:05.000000000Z",
                    "2026-11-26 03:00:05,000",
                    "INFO [KafkaRaftServer nodeId=0] Kafka Server started (kafka.server.KafkaRaftServer)")
                + line(
                    "2026-11-26T03:00:06.000000000Z",
                    "2026-11-26 03:00:06,000",
                    allowed("WRITE", "orders", "Produce")))
        .once();
    // every later reconnect: the API has nothing newer than what was read
    server
        .expect()
        .get()
        .withPath(BASE + "?pretty=false&sinceTime=2026-11-26T03:00:06Z&timestamps=true&follow=true")
        .andReturn(
            200,
            line(
                "2026-11-26T03:00:06.000000000Z",
                "2026-11-26 03:00:06,000",
                allowed("WRITE", "orders", "Produce")))
        .always();

    try (var watcher =
        KafkaWatcherTesting.podLogsWatcher(
            client, List.of("kafka-0.kafka", "kafka-9.kafka"), metrics, received::add)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                watcher.flush();
                return metrics
                    .scrape()
                    .contains(
                        "netmapper_kafkawatcher_stream_reconnects_total{broker=\"kafka-0.kafka\",reason=\"stream_ended\"} 3.0");
              });
      watcher.flush();
      await().atMost(Duration.ofSeconds(5)).until(() -> countsByTopicAndOperation().size() == 4);
      assertThat(countsByTopicAndOperation())
          .containsOnly(
              Map.entry("orders/WRITE/allowed", 2L), // once before, once after the restart
              Map.entry("payments/READ/allowed", 1L), // not again after the reconnect
              Map.entry(
                  "payments/DESCRIBE/allowed", 1L), // same nanosecond as READ: told apart by count
              Map.entry(
                  "secrets/WRITE/denied", 1L)); // the cut line, read whole after the reconnect
      String scraped = metrics.scrape();
      assertThat(scraped)
          .contains(
              "netmapper_kafkawatcher_lines_skipped_total{broker=\"kafka-0.kafka\",reason=\"already_read\"}");
      // the broker pod that does not exist waits; the other one was read all along
      assertThat(watcher.streamStates().get(BrokerPod.parse("kafka-9.kafka")))
          .isEqualTo(StreamState.WAITING);
      assertThat(scraped)
          .contains(
              "netmapper_kafkawatcher_stream_state{broker=\"kafka-9.kafka\",state=\"waiting\"} 1.0");
    }
  }
}
