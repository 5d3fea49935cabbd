package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netmapper.api.v1.AwsOperation;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.api.v1.Evidence;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.ReportAck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS calls seen by the visibility proxy → AWS intents from the caller's workload to each resource
 * ARN.
 */
class AwsResolutionTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    h.deploymentPod("shop", "orders", "10.244.2.10", Map.of("app", "orders"));
    h.deploymentPod("shop", "reports", "10.244.2.20", Map.of("app", "reports"));
    h.deploymentPod("shop", "audit", "10.244.2.30", Map.of("app", "audit"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static AwsOperation op(String clientIp, String service, List<String> arns, String... actions) {
    return AwsOperation.newBuilder()
        .setSeen(seen(Instant.now()))
        .setClientIp(clientIp)
        .setService(service)
        .setRegion("eu-central-1")
        .addAllResourceArns(arns)
        .addAllActions(List.of(actions))
        .build();
  }

  ReportAck report(AwsOperation... operations) {
    return h.reports()
        .reportAwsOperations(
            AwsOperationReport.newBuilder()
                .setHeader(h.header())
                .addAllOperations(List.of(operations))
                .build());
  }

  static Predicate<Intent> aws(String client, String arn) {
    return i ->
        i.getType() == IntentType.INTENT_TYPE_AWS
            && i.getClient().getWorkload().getName().equals(client)
            && i.getServer().getAws().getArn().equals(arn);
  }

  @Test
  void callsToOneResource_becomeOneAwsIntentWithEveryAction() {
    ReportAck ack =
        report(
            op("10.244.2.10", "s3", List.of("arn:aws:s3:::invoices/*"), "s3:PutObject"),
            op("10.244.2.10", "s3", List.of("arn:aws:s3:::invoices/*"), "s3:GetObject"),
            op(
                "10.244.2.10",
                "sqs",
                List.of("arn:aws:sqs:eu-central-1:123456789012:orders"),
                "sqs:SendMessage"));
    assertThat(ack.getAccepted()).isEqualTo(3);
    Intent s3 =
        h.awaitIntent(
            aws("orders", "arn:aws:s3:::invoices/*").and(i -> i.getAwsActionsCount() == 2));
    assertThat(s3.getAwsActionsList()).containsExactly("s3:GetObject", "s3:PutObject");
    assertThat(s3.getEvidenceList()).containsExactly(Evidence.EVIDENCE_AWS_PROXY);
    assertThat(s3.getClient().getWorkload().getKind()).isEqualTo("Deployment");
    Intent sqs = h.awaitIntent(aws("orders", "arn:aws:sqs:eu-central-1:123456789012:orders"));
    assertThat(sqs.getAwsActionsList()).containsExactly("sqs:SendMessage");
  }

  @Test
  void severalResourcesInOneCall_areOneIntentEach() {
    report(
        op(
            "10.244.2.20",
            "dynamodb",
            List.of(
                "arn:aws:dynamodb:eu-central-1:123456789012:table/a",
                "arn:aws:dynamodb:eu-central-1:123456789012:table/b"),
            "dynamodb:BatchWriteItem"));
    h.awaitIntent(aws("reports", "arn:aws:dynamodb:eu-central-1:123456789012:table/a"));
    Intent b = h.awaitIntent(aws("reports", "arn:aws:dynamodb:eu-central-1:123456789012:table/b"));
    assertThat(b.getAwsActionsList()).containsExactly("dynamodb:BatchWriteItem");
  }

  @Test
  void badEntries_areRejectedByField_validOnesStillApplied() {
    assertThatThrownBy(
            () ->
                report(
                    op("nope", "s3", List.of("*"), "s3:ListAllMyBuckets"),
                    op("10.244.2.30", "S3 bucket", List.of("*"), "s3:ListAllMyBuckets"),
                    op("10.244.2.30", "s3", List.of("*"), "PutObject"),
                    op("10.244.2.30", "s3", List.of("bucket"), "s3:PutObject"),
                    op("10.244.2.30", "s3", List.of()),
                    op(
                        "10.244.2.30",
                        "kms",
                        List.of("arn:aws:kms:eu-central-1:123456789012:key/k1"),
                        "kms:Decrypt")))
        .hasMessageContaining("5 of 6 entries rejected (the other 1 were applied)")
        .hasMessageContaining("operations[0].client_ip")
        .hasMessageContaining("operations[1].service")
        .hasMessageContaining("operations[2].actions")
        .hasMessageContaining("operations[3].resource_arns");
    Intent kms = h.awaitIntent(aws("audit", "arn:aws:kms:eu-central-1:123456789012:key/k1"));
    assertThat(kms.getAwsActionsList()).containsExactly("kms:Decrypt");
    assertThat(h.metrics())
        .contains(
            "netmapper_mapper_observations_rejected_total{kind=\"aws\",reason=\"bad_arn\"} 1.0");
  }

  @Test
  void callerOutsideTheCluster_isCountedNotMapped() {
    report(op("203.0.113.7", "sts", List.of("*"), "sts:GetCallerIdentity"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.metrics()
                    .contains(
                        "netmapper_mapper_observations_unresolved_total{kind=\"aws\",reason=\"aws_client_outside\"} 1.0"));
    assertThat(h.intents()).noneMatch(i -> i.getAwsActionsList().contains("sts:GetCallerIdentity"));
  }
}
