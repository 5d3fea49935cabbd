package io.netmapper.kafkawatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netmapper.api.v1.Evidence;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.KafkaTopic;
import io.netmapper.cli.Cli;
import io.netmapper.cli.CliContext;
import io.netmapper.cli.testing.CrdSchemas;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.kafkawatcher.metrics.KafkaWatcherMetrics;
import io.netmapper.mapper.testing.MapperUnderTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The whole path with real parts: a real KRaft broker in this JVM ({@code StandardAuthorizer},
 * ACLs), real producers and consumers, allowed and denied; the broker's authorizer log written to a
 * file; the watcher tailing it in file mode; a real mapper resolving the client (127.0.0.1, the
 * address every client in this JVM connects from, is the checkout pod's IP) and the broker pod
 * (named by the watcher's config); ListIntents and the CLI's export.
 */
class KafkaBrokerToMapperTest {
  @TempDir static Path dir;
  static KafkaClusterTestKit cluster;
  static AuthorizerLogFile authorizerLog;
  static Path logFile;
  static MapperUnderTest mapper;
  static KafkaWatcher watcher;
  static GrpcReportSender sender;
  static KafkaWatcherMetrics metrics = new KafkaWatcherMetrics();

  @BeforeAll
  static void start() throws Exception {
    logFile = dir.resolve("kafka-authorizer.log");
    authorizerLog = new AuthorizerLogFile(logFile);
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir.resolve("kafka"))
                    .build())
            .setConfigProp(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .setConfigProp("principal.builder.class", ListenerPrincipalBuilder.class.getName())
            .setConfigProp("super.users", "User:ANONYMOUS")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    // ACLs through the controller listener (the super user): User:app may produce to orders,
    // consume topics starting with payments. (PREFIXED) in group billing, and create topics
    try (Admin admin = cluster.admin(Map.of(), true)) {
      String app = ListenerPrincipalBuilder.APP.toString();
      admin
          .createAcls(
              List.of(
                  allow(
                      ResourceType.CLUSTER,
                      "kafka-cluster",
                      PatternType.LITERAL,
                      app,
                      AclOperation.CREATE),
                  allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, app, AclOperation.WRITE),
                  allow(
                      ResourceType.TOPIC,
                      "orders",
                      PatternType.LITERAL,
                      app,
                      AclOperation.DESCRIBE),
                  allow(
                      ResourceType.TOPIC,
                      "payments.",
                      PatternType.PREFIXED,
                      app,
                      AclOperation.READ),
                  allow(
                      ResourceType.TOPIC,
                      "payments.",
                      PatternType.PREFIXED,
                      app,
                      AclOperation.DESCRIBE),
                  allow(
                      ResourceType.GROUP, "billing", PatternType.LITERAL, app, AclOperation.READ)))
          .all()
          .get();
    }
    mapper = new MapperUnderTest();
    mapper.pod("kafka", "kafka-0", "StatefulSet", "kafka", "10.244.9.10");
    mapper.pod("shop", "checkout-5d8f7-abcde", "Deployment", "checkout", "127.0.0.1");
    sender = new GrpcReportSender(mapper.address(), Duration.ofSeconds(5));
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "NETMAPPER_MAPPER_ADDRESS", mapper.address(),
                "NETMAPPER_BROKERS", "kafka-0.kafka",
                "NETMAPPER_LOG_FILE", logFile.toString(),
                "NETMAPPER_HEALTH_ADDRESS", "127.0.0.1",
                "NETMAPPER_HEALTH_PORT", "0",
                "NETMAPPER_REPORT_INTERVAL", "PT0.2S",
                "NETMAPPER_FILE_POLL_INTERVAL", "PT0.05S",
                "NETMAPPER_TELEMETRY_ENABLED", "false"));
    watcher =
        new KafkaWatcher(
            KafkaWatcherConfig.parse(new String[0], env), metrics, sender, null, Clock.systemUTC());
    watcher.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (watcher != null) {
      watcher.close();
    }
    if (sender != null) {
      sender.close();
    }
    if (mapper != null) {
      mapper.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (authorizerLog != null) {
      authorizerLog.close();
    }
  }

  static AclBinding allow(
      ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  static Map<String, Object> clientConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    return c;
  }

  static Map<String, List<String>> topics(Intent i) {
    return i.getKafkaTopicsList().stream()
        .collect(Collectors.toMap(KafkaTopic::getName, KafkaTopic::getOperationsList));
  }

  @Test
  void
      realProducersAndConsumers_allowedAndDenied_becomeTheCheckoutToKafkaIntent_andExportValidates()
          throws Exception {
    try (Admin admin = Admin.create(clientConfig())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("orders", 1, (short) 1),
                  new NewTopic("payments.eu", 1, (short) 1),
                  new NewTopic("secrets", 1, (short) 1)))
          .all()
          .get();
    }
    Properties p = new Properties();
    p.putAll(clientConfig());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>("orders", "o-1", "{\"total\":42}")).get();
      // no ACL on secrets: the broker denies it (and logs Denied at INFO)
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>("secrets", "k", "v")).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    Properties c = new Properties();
    c.putAll(clientConfig());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "billing");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of("payments.eu"));
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (consumer.assignment().isEmpty() && System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200));
      }
      assertThat(consumer.assignment()).isNotEmpty();
      // a few fetches once assigned (Fetch needs READ on the topic)
      long fetchUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
      while (System.nanoTime() < fetchUntil) {
        consumer.poll(Duration.ofMillis(100));
      }
    }

    Intent intent =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    mapper.intents().stream()
                        .filter(i -> i.getType() == IntentType.INTENT_TYPE_KAFKA)
                        .findFirst()
                        .orElse(null),
                i ->
                    i != null
                        && topics(i).containsKey("orders")
                        && topics(i).containsKey("payments.eu")
                        && topics(i).containsKey("secrets")
                        && topics(i).get("payments.eu").contains("consume"));
    assertThat(intent.getClient().getWorkload().getName()).isEqualTo("checkout");
    assertThat(intent.getClient().getWorkload().getNamespace()).isEqualTo("shop");
    assertThat(intent.getServer().getWorkload().getName()).isEqualTo("kafka");
    assertThat(intent.getServer().getWorkload().getKind()).isEqualTo("StatefulSet");
    assertThat(intent.getEvidenceList()).containsExactly(Evidence.EVIDENCE_KAFKA_LOG);
    Map<String, List<String>> topics = topics(intent);
    assertThat(topics.get("orders")).contains("produce", "describe");
    assertThat(topics.get("payments.eu")).contains("consume", "describe");
    // denied, still an intent: checkout tried to produce to secrets (its metadata request was
    // refused)
    assertThat(topics.get("secrets")).contains("describe");
    assertThat(topics.keySet()).doesNotContain("billing"); // groups are not ClientIntents topics

    String log = Files.readString(logFile);
    assertThat(log)
        .contains(
            "is Allowed operation = WRITE from host = 127.0.0.1 on resource = Topic:LITERAL:orders")
        .contains("is Denied operation = DESCRIBE")
        .contains("(kafka.authorizer.logger)");
    String scraped = metrics.scrape();
    assertThat(scraped)
        .contains(
            "netmapper_kafkawatcher_lines_matched_total{broker=\"kafka-0.kafka\",resource=\"topic\",result=\"denied\"}")
        .contains(
            "netmapper_kafkawatcher_lines_matched_total{broker=\"kafka-0.kafka\",resource=\"group\",result=\"allowed\"}")
        .contains(
            "netmapper_kafkawatcher_stream_state{broker=\"kafka-0.kafka\",state=\"streaming\"} 1.0");
    assertThat(scraped).containsPattern("netmapper_kafkawatcher_reports_sent_total [1-9]");

    // the CLI's export: a kafka target on the kafka workload, valid against the real CRD
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.run(
            new CliContext(
                Map.of("PATH", "/usr/bin:/bin"),
                dir,
                new PrintWriter(out, true),
                new PrintWriter(err, true)),
            "export",
            "--mapper-url",
            mapper.address(),
            "--format",
            "json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode docs = new ObjectMapper().readTree(out.toString());
    JsonNode checkout = null;
    for (JsonNode d : docs) {
      if (d.get("metadata").get("name").asString().equals("checkout")) {
        checkout = d;
      }
    }
    assertThat(checkout).as(out.toString()).isNotNull();
    JsonNode kafkaTarget = null;
    for (JsonNode t : checkout.get("spec").get("targets")) {
      if (t.has("kafka")) {
        kafkaTarget = t.get("kafka");
      }
    }
    assertThat(kafkaTarget).as(out.toString()).isNotNull();
    assertThat(kafkaTarget.get("name").asString()).isEqualTo("kafka.kafka");
    List<String> exported = new ArrayList<>();
    for (JsonNode topic : kafkaTarget.get("topics")) {
      exported.add(topic.get("name").asString());
      assertThat(topic.get("operations").size()).isPositive();
    }
    assertThat(exported).contains("orders", "payments.eu", "secrets");
    assertThat(CrdSchemas.load().validate("v2beta1", checkout, true)).isEmpty();
  }
}
