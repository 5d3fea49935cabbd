package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netmapper.api.v1.Evidence;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.KafkaAccess;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.api.v1.KafkaTopic;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.mapper.resolve.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka authorizer-log accesses → KAFKA intents between the client's and the broker's workloads.
 */
class KafkaResolutionTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    h.client
        .apps()
        .statefulSets()
        .inNamespace("kafka")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName("kafka")
                .withNamespace("kafka")
                .endMetadata()
                .build())
        .create();
    h.pod("kafka", "kafka-0", "apps/v1", "StatefulSet", "kafka", "10.244.3.10");
    h.pod("kafka", "kafka-1", "apps/v1", "StatefulSet", "kafka", "10.244.3.11");
    h.deploymentPod("shop", "checkout", "10.244.2.10", Map.of("app", "checkout"));
    h.deploymentPod("shop", "ledger", "10.244.2.20", Map.of("app", "ledger"));
    h.deploymentPod("shop", "audit", "10.244.2.30", Map.of("app", "audit"));
    h.deploymentPod("shop", "billing", "10.244.2.40", Map.of("app", "billing"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static KafkaAccess access(
      String clientIp,
      String broker,
      String topic,
      String operation,
      boolean allowed,
      String pattern) {
    return KafkaAccess.newBuilder()
        .setSeen(seen(Instant.now()))
        .setClientIp(clientIp)
        .setServerPodName(broker)
        .setServerPodNamespace("kafka")
        .setTopic(topic)
        .setOperation(operation)
        .setAllowed(allowed)
        .setPatternType(pattern)
        .build();
  }

  ReportAck report(KafkaAccess... accesses) {
    return h.reports()
        .reportKafkaAccesses(
            KafkaAccessReport.newBuilder()
                .setHeader(h.header())
                .addAllAccesses(List.of(accesses))
                .build());
  }

  static Map<String, List<String>> topics(Intent i) {
    return i.getKafkaTopicsList().stream()
        .collect(Collectors.toMap(KafkaTopic::getName, KafkaTopic::getOperationsList));
  }

  @Test
  void accessesOfBothLogFormats_becomeOneKafkaIntentWithTopicsAndClientIntentsOperations() {
    ReportAck ack =
        report(
            access(
                "10.244.2.10",
                "kafka-0",
                "orders",
                "WRITE",
                true,
                "LITERAL"), // KRaft StandardAuthorizer
            access(
                "10.244.2.10",
                "kafka-1",
                "orders",
                "Describe",
                true,
                "LITERAL"), // AclAuthorizer spelling
            access("10.244.2.10", "kafka-0", "payments", "READ", true, "LITERAL"),
            access("10.244.2.10", "kafka-0", "payments", "DESCRIBE_CONFIGS", true, "LITERAL"),
            access("10.244.2.10", "kafka-0", "events.", "Read", true, "PREFIXED"));
    assertThat(ack.getAccepted()).isEqualTo(5);
    Intent i = h.awaitIntent(edge("checkout", "kafka").and(x -> x.getKafkaTopicsCount() == 3));
    assertThat(i.getType()).isEqualTo(IntentType.INTENT_TYPE_KAFKA);
    assertThat(i.getServer().getWorkload().getKind()).isEqualTo("StatefulSet");
    assertThat(i.getClient().getWorkload().getKind()).isEqualTo("Deployment");
    assertThat(i.getEvidenceList()).containsExactly(Evidence.EVIDENCE_KAFKA_LOG);
    assertThat(topics(i))
        .containsOnly(
            Map.entry("orders", List.of("describe", "produce")),
            Map.entry("payments", List.of("DescribeConfigs", "consume")),
            Map.entry("events.*", List.of("consume")));
  }

  @Test
  void deniedAccess_isStillAnIntent_theClientNeedsIt() {
    report(access("10.244.2.20", "kafka-0", "refunds", "WRITE", false, "LITERAL"));
    Intent i = h.awaitIntent(edge("ledger", "kafka"));
    assertThat(topics(i)).containsOnly(Map.entry("refunds", List.of("produce")));
  }

  @Test
  void unknownOperations_areCountedAndSkipped_theRestOfTheBatchIsApplied() {
    ReportAck ack =
        report(
            access("10.244.2.30", "kafka-0", "audit-log", "CREATE_TOKENS", true, "LITERAL"),
            access("10.244.2.30", "kafka-0", "audit-log", "FROBNICATE", true, "LITERAL"),
            access("10.244.2.30", "kafka-0", "audit-log", "IdempotentWrite", true, "LITERAL"));
    assertThat(ack.getAccepted()).isEqualTo(1);
    Intent i = h.awaitIntent(edge("audit", "kafka"));
    assertThat(topics(i)).containsOnly(Map.entry("audit-log", List.of("IdempotentWrite")));
    assertThat(h.metrics())
        .contains(
            "netmapper_mapper_observations_rejected_total{kind=\"kafka\",reason=\"unknown_operation\"} 2.0");
  }

  @Test
  void badEntries_areRejectedByField_validOnesStillApplied() {
    assertThatThrownBy(
            () ->
                report(
                    access("not-an-ip", "kafka-0", "t1", "READ", true, "LITERAL"),
                    access("10.244.2.40", "kafka-0", "", "READ", true, "LITERAL"),
                    access("10.244.2.40", "", "t1", "READ", true, "LITERAL"),
                    access("10.244.2.40", "kafka-0", "t1", "READ", true, "MATCH"),
                    access("10.244.2.40", "kafka-0", "invoices", "WRITE", true, "")))
        .hasMessageContaining("4 of 5 entries rejected (the other 1 were applied)")
        .hasMessageContaining("accesses[0].client_ip")
        .hasMessageContaining("accesses[1].topic")
        .hasMessageContaining("accesses[2].server_pod_name")
        .hasMessageContaining("accesses[3].pattern_type");
    Intent i = h.awaitIntent(edge("billing", "kafka"));
    assertThat(topics(i)).containsOnly(Map.entry("invoices", List.of("produce")));
  }

  @Test
  void brokerPodNotYetInTheCache_isRetriedUntilItAppears() throws Exception {
    report(access("10.244.2.10", "late-broker-0", "late", "READ", true, "LITERAL"));
    Thread.sleep(300);
    assertThat(h.intents()).noneMatch(i -> topics(i).containsKey("late"));
    h.pod("kafka", "late-broker-0", null, null, null, "10.244.3.50");
    Intent i = h.awaitIntent(x -> topics(x).containsKey("late"));
    assertThat(i.getServer().getWorkload().getName()).isEqualTo("late-broker-0");
  }

  @Test
  void brokersTalkingToEachOther_areNotAnIntent() {
    report(
        access("10.244.3.11", "kafka-0", "__consumer_offsets", "CLUSTER_ACTION", true, "LITERAL"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.metrics()
                    .contains(
                        "netmapper_mapper_observations_unresolved_total{kind=\"kafka\",reason=\"kafka_self_access\"} 1.0"));
    assertThat(h.intents()).noneMatch(i -> topics(i).containsKey("__consumer_offsets"));
  }

  @Test
  void everyKafkaOperation_inBothSpellings_mapsToTheClientIntentsEnumOrNothing() {
    List<String> crdEnum =
        List.of(
            "all",
            "consume",
            "produce",
            "create",
            "alter",
            "delete",
            "describe",
            "ClusterAction",
            "DescribeConfigs",
            "AlterConfigs",
            "IdempotentWrite");
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("READ", "consume"),
            Map.entry("Read", "consume"),
            Map.entry("WRITE", "produce"),
            Map.entry("Write", "produce"),
            Map.entry("CLUSTER_ACTION", "ClusterAction"),
            Map.entry("ClusterAction", "ClusterAction"),
            Map.entry("IDEMPOTENT_WRITE", "IdempotentWrite"),
            Map.entry("ALTER_CONFIGS", "AlterConfigs"),
            Map.entry("DescribeConfigs", "DescribeConfigs"),
            Map.entry("CREATE", "create"),
            Map.entry("Delete", "delete"),
            Map.entry("ALTER", "alter"),
            Map.entry("ALL", "all"));
    expected.forEach(
        (logged, op) ->
            assertThat(Observation.Kafka.intentOperation(logged)).as(logged).isEqualTo(op));
    for (String op :
        List.of("UNKNOWN", "ANY", "CREATE_TOKENS", "DESCRIBE_TOKENS", "TWO_PHASE_COMMIT")) {
      assertThat(Observation.Kafka.intentOperation(op)).as(op).isNull();
    }
    assertThat(expected.values()).allMatch(crdEnum::contains);
  }
}
