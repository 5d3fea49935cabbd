package io.netmapper.aws.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.aws.recognize.AwsOperationRecognizer;
import io.netmapper.aws.recognize.AwsRequest;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real recognizer behind the collector: what reaches the report, per interval. */
class AwsCallCollectorTest {
  static final AwsOperationRecognizer RECOGNIZER = new AwsOperationRecognizer();
  final List<String> counted = new ArrayList<>();
  final AwsCallCollector collector =
      new AwsCallCollector(
          RECOGNIZER::recognise,
          2,
          new AwsCallCollector.Counters() {
            @Override
            public void operation(String service, String outcome) {
              counted.add(service + "/" + outcome);
            }

            @Override
            public void dropped(String reason) {
              counted.add("dropped/" + reason);
            }
          });

  static AwsRequest s3(String method, String path, Map<String, String> extra) {
    Map<String, String> headers = new java.util.HashMap<>(extra);
    headers.put(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/eu-central-1/s3/aws4_request, "
            + "SignedHeaders=host, Signature=0");
    return new AwsRequest(
        method, "s3.eu-central-1.amazonaws.com", path, "", headers, new byte[0], true);
  }

  @Test
  void repeatedCalls_foldIntoOneEntry_withFirstLastAndCount() throws Exception {
    InetAddress pod = InetAddress.getByName("10.244.2.10");
    collector.onRequest(pod, s3("PUT", "/invoices/a.pdf", Map.of()), Instant.ofEpochMilli(1_000));
    collector.onRequest(pod, s3("PUT", "/invoices/b.pdf", Map.of()), Instant.ofEpochMilli(3_000));
    List<AwsCallSeen> seen = collector.drain();
    assertThat(seen)
        .containsExactly(
            new AwsCallSeen(
                new AwsCallSeen.Key(
                    "10.244.2.10",
                    "s3",
                    "eu-central-1",
                    List.of("s3:PutObject"),
                    List.of("arn:aws:s3:::invoices/*")),
                1_000,
                3_000,
                2));
    assertThat(collector.drain()).isEmpty();
    assertThat(counted).containsExactly("s3/recognised", "s3/recognised");
  }

  @Test
  void copyObject_reportsEachActionOnItsOwnResourceOnly() throws Exception {
    collector.onRequest(
        InetAddress.getByName("10.244.2.11"),
        s3("PUT", "/reports/q4.pdf", Map.of("x-amz-copy-source", "/drafts/q4.pdf")),
        Instant.ofEpochMilli(5_000));
    assertThat(collector.drain())
        .extracting(AwsCallSeen::key)
        .containsExactlyInAnyOrder(
            new AwsCallSeen.Key(
                "10.244.2.11",
                "s3",
                "eu-central-1",
                List.of("s3:PutObject"),
                List.of("arn:aws:s3:::reports/*")),
            new AwsCallSeen.Key(
                "10.244.2.11",
                "s3",
                "eu-central-1",
                List.of("s3:GetObject"),
                List.of("arn:aws:s3:::drafts/*")));
  }

  @Test
  void beyondTheBound_newEntriesAreDroppedAndCounted() throws Exception {
    InetAddress pod = InetAddress.getByName("fd00:10:244::7");
    for (String bucket : List.of("a", "b", "c")) {
      collector.onRequest(pod, s3("GET", "/" + bucket + "/k", Map.of()), Instant.ofEpochMilli(1));
    }
    List<AwsCallSeen> seen = collector.drain();
    assertThat(seen).hasSize(2).allMatch(s -> s.key().clientIp().equals("fd00:10:244::7"));
    assertThat(counted).contains("dropped/aggregate_full");
  }
}
