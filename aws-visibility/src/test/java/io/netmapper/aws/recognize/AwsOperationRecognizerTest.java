package io.netmapper.aws.recognize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-built requests: matching without SDK hints, other protocols, unknowns, hostile input. */
class AwsOperationRecognizerTest {

  private static final String KEY = AccessKeysTest.keyFor("AKIA", 123456789012L);
  private static final String AUTH_S3 = auth("eu-central-1", "s3");
  private static AwsOperationRecognizer recognizer;

  @BeforeAll
  static void load() {
    recognizer = new AwsOperationRecognizer();
  }

  private static String auth(String region, String service) {
    return "AWS4-HMAC-SHA256 Credential="
        + KEY
        + "/20261126/"
        + region
        + "/"
        + service
        + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
  }

  private static AwsRequest req(
      String method,
      String host,
      String path,
      String query,
      Map<String, String> headers,
      String body) {
    return new AwsRequest(
        method, host, path, query, headers, body.getBytes(StandardCharsets.UTF_8), true);
  }

  private static AwsCall s3(String method, String path, String query, String... extraHeaders) {
    Map<String, String> h = new HashMap<>(Map.of("authorization", AUTH_S3));
    for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
      h.put(extraHeaders[i], extraHeaders[i + 1]);
    }
    return recognizer.derive(req(method, "s3.eu-central-1.amazonaws.com", path, query, h, ""));
  }

  @Test
  void s3WithoutXId_requiredQueryAndHeadersPickTheOperation() {
    assertThat(s3("PUT", "/b/k", "partNumber=2&uploadId=u").actions())
        .containsExactly("s3:PutObject");
    assertThat(s3("GET", "/b/k", "uploadId=u").actions())
        .containsExactly("s3:ListMultipartUploadParts");
    assertThat(s3("DELETE", "/b/k", "uploadId=u").actions())
        .containsExactly("s3:AbortMultipartUpload");
    assertThat(s3("DELETE", "/b/k", "").actions()).containsExactly("s3:DeleteObject");
    assertThat(s3("POST", "/b/k", "uploadId=u").actions()).containsExactly("s3:PutObject");
    assertThat(s3("GET", "/b", "").actions()).containsExactly("s3:ListBucket");
    assertThat(s3("GET", "/b", "versions").actions()).containsExactly("s3:ListBucketVersions");
    assertThat(s3("PUT", "/b", "acl").actions()).containsExactly("s3:PutBucketAcl");
    assertThat(s3("PUT", "/b/k", "acl").actions()).containsExactly("s3:PutObjectAcl");
    assertThat(s3("PUT", "/b/k", "tagging").actions()).containsExactly("s3:PutObjectTagging");
    assertThat(s3("GET", "/b", "uploads").actions())
        .containsExactly("s3:ListBucketMultipartUploads");
    assertThat(s3("PUT", "/b", "versioning").actions()).containsExactly("s3:PutBucketVersioning");
    assertThat(s3("PUT", "/b", "").actions()).containsExactly("s3:CreateBucket");
    AwsCall copy =
        s3("PUT", "/b/k", "", "x-amz-copy-source", "/src%2Dbucket/a%20b.txt?versionId=3");
    assertThat(copy.actions()).containsExactly("s3:PutObject", "s3:GetObject");
    assertThat(copy.resourceArns())
        .containsExactly("arn:aws:s3:::b/*", "arn:aws:s3:::src-bucket/*");
    assertThat(copy.paired())
        .as("PutObject on the target only, GetObject on the source only")
        .isTrue();
  }

  @Test
  void s3XId_isOnlyAHintAmongOperationsThatFit() {
    // a DELETE cannot become a GetObject by naming it
    assertThat(s3("DELETE", "/b/k", "x-id=GetObject").actions()).containsExactly("s3:DeleteObject");
    assertThat(s3("PUT", "/b/k", "x-id=PutObject").actions()).containsExactly("s3:PutObject");
  }

  @Test
  void legacySqsQueryProtocol_readsTheFormBody() {
    AwsCall call =
        recognizer.derive(
            req(
                "POST",
                "eu-west-1.queue.amazonaws.com",
                "/",
                "",
                Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                "Action=SendMessage&QueueUrl=https%3A%2F%2Feu-west-1.queue.amazonaws.com%2F210987654321%2Fjobs&MessageBody=x"));
    assertThat(call.service()).isEqualTo("sqs");
    assertThat(call.region()).isEqualTo("eu-west-1");
    assertThat(call.accessKeyId()).isEmpty();
    assertThat(call.actions()).containsExactly("sqs:SendMessage");
    assertThat(call.resourceArns()).containsExactly("arn:aws:sqs:eu-west-1:210987654321:jobs");
  }

  @Test
  void dynamodbTransactionsAndBatchGet_nameEveryTable() {
    String body =
        "{\"TransactItems\":[{\"Put\":{\"TableName\":\"orders\",\"Item\":{\"TableName\":{\"S\":\"x\"}}}},"
            + "{\"Delete\":{\"TableName\":\"arn:aws:dynamodb:eu-west-1:210987654321:table/stock\",\"Key\":{}}}]}";
    AwsCall call =
        recognizer.derive(
            req(
                "POST",
                "dynamodb.eu-central-1.amazonaws.com",
                "/",
                "",
                Map.of(
                    "x-amz-target",
                    "DynamoDB_20120810.TransactWriteItems",
                    "authorization",
                    auth("eu-central-1", "dynamodb")),
                body));
    assertThat(call.recognised()).isTrue();
    assertThat(call.actions()).contains("dynamodb:PutItem", "dynamodb:DeleteItem");
    assertThat(call.resourceArns())
        .containsExactly(
            "arn:aws:dynamodb:eu-central-1:123456789012:table/orders",
            "arn:aws:dynamodb:eu-west-1:210987654321:table/stock");
  }

  @Test
  void unknownOperations_keepServiceAndNameButAreNotRecognised() {
    AwsCall newOp =
        recognizer.derive(
            req(
                "POST",
                "dynamodb.eu-central-1.amazonaws.com",
                "/",
                "",
                Map.of("x-amz-target", "DynamoDB_20120810.TeleportItem"),
                "{\"TableName\":\"t\"}"));
    assertThat(newOp)
        .isEqualTo(
            new AwsCall(
                "dynamodb",
                "eu-central-1",
                "",
                List.of("dynamodb:TeleportItem"),
                List.of("*"),
                false));
    AwsCall otherService =
        recognizer.derive(
            req(
                "POST",
                "logs.eu-central-1.amazonaws.com",
                "/",
                "",
                Map.of(
                    "x-amz-target",
                    "Logs_20140328.PutLogEvents",
                    "authorization",
                    auth("eu-central-1", "logs")),
                "{}"));
    assertThat(otherService.actions()).containsExactly("logs:PutLogEvents");
    assertThat(otherService.accessKeyId()).isEqualTo(KEY);
    assertThat(otherService.recognised()).isFalse();
    AwsCall garbageAction =
        recognizer.derive(
            req("GET", "sns.eu-central-1.amazonaws.com", "/", "Action=%3Cscript%3E", Map.of(), ""));
    assertThat(garbageAction.actions()).containsExactly("sns:*");
    AwsCall noRoute = s3("PATCH", "/b/k", "");
    assertThat(noRoute.actions()).containsExactly("s3:*");
    assertThat(noRoute.recognised()).isFalse();
    AwsCall monitoring =
        recognizer.derive(
            req(
                "POST",
                "monitoring.eu-central-1.amazonaws.com",
                "/",
                "",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "Action=PutMetricData&Namespace=x"));
    assertThat(monitoring.actions()).containsExactly("cloudwatch:PutMetricData");
  }

  @Test
  void nonAwsHosts_areNamedByTheirFirstLabel() {
    AwsCall call = recognizer.recognise(req("GET", "intranet.example.com", "/", "", Map.of(), ""));
    assertThat(call)
        .isEqualTo(new AwsCall("intranet", "", "", List.of("intranet:*"), List.of("*"), false));
    assertThat(recognizer.recognise(req("GET", "", "/", "", Map.of(), "")).service())
        .isEqualTo("unknown");
    assertThat(recognizer.recognise(null).service()).isEqualTo("unknown");
  }

  @Test
  void malformedBodiesAndEncodings_yieldWhatCanBeRead() {
    Map<String, String> kms =
        Map.of(
            "x-amz-target", "TrentService.Encrypt", "authorization", auth("eu-central-1", "kms"));
    byte[] cut = "{\"KeyId\":\"alias/pay\",\"Plaintext\":\"AAAA".getBytes(StandardCharsets.UTF_8);
    AwsCall truncated =
        recognizer.derive(
            new AwsRequest("POST", "kms.eu-central-1.amazonaws.com", "/", "", kms, cut, false));
    assertThat(truncated.resourceArns())
        .containsExactly("arn:aws:kms:eu-central-1:123456789012:alias/pay");
    AwsCall notJson =
        recognizer.derive(req("POST", "kms.eu-central-1.amazonaws.com", "/", "", kms, "]]]{{"));
    assertThat(notJson.recognised()).isTrue();
    assertThat(notJson.resourceArns()).containsExactly("*");
    AwsCall badEscape = s3("GET", "/b%zz/k%", "x-id=%G0&%%=1");
    assertThat(badEscape.actions()).containsExactly("s3:GetObject");
    assertThat(badEscape.resourceArns()).containsExactly("*"); // "b%zz" is no bucket name
    AwsCall cutForm =
        recognizer.derive(
            new AwsRequest(
                "POST",
                "sns.eu-central-1.amazonaws.com",
                "/",
                "",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aeu-central-1%3A1%3At&Message=hel"
                    .getBytes(StandardCharsets.UTF_8),
                false));
    assertThat(cutForm.resourceArns()).containsExactly("arn:aws:sns:eu-central-1:1:t");
  }

  @Test
  void fuzz_thousandsOfMutatedRequests_neverThrow() {
    Random rnd = new Random(20261126L);
    List<AwsRequest> seeds =
        List.of(
            req(
                "PUT",
                "b.s3.eu-central-1.amazonaws.com",
                "/k/x",
                "x-id=PutObject",
                Map.of("authorization", AUTH_S3),
                "x"),
            req(
                "POST",
                "dynamodb.eu-central-1.amazonaws.com",
                "/",
                "",
                Map.of("x-amz-target", "DynamoDB_20120810.BatchWriteItem"),
                "{\"RequestItems\":{\"t\":[{\"PutRequest\":{\"Item\":{}}}]},\"TransactItems\":[{\"Put\":{\"TableName\":\"a\"}}]}"),
            req(
                "POST",
                "sns.us-gov-west-1.amazonaws.com",
                "/",
                "",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Ax%3A1%3At"),
            req(
                "POST",
                "lambda.eu-central-1.amazonaws.com",
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Ax%3A1%3Afunction%3Af/invocations",
                "Qualifier=1",
                Map.of("authorization", auth("eu-central-1", "lambda")),
                "{}"),
            req(
                "POST",
                "sqs.eu-central-1.amazonaws.com",
                "/",
                "",
                Map.of("x-amz-target", "AmazonSQS.SendMessage"),
                "{\"QueueUrl\":\"https://sqs.eu-central-1.amazonaws.com/123456789012/q\"}"));
    String alphabet = "/?&=%:.{}[]\",-_aZ09+* \u0000\u00e9\\";
    int checked = 0;
    for (int i = 0; i < 5_000; i++) {
      AwsRequest seed = seeds.get(rnd.nextInt(seeds.size()));
      AwsRequest mutated =
          new AwsRequest(
              rnd.nextInt(8) == 0 ? mutate(rnd, seed.method(), alphabet) : seed.method(),
              rnd.nextInt(3) == 0 ? mutate(rnd, seed.host(), alphabet) : seed.host(),
              mutate(rnd, seed.path(), alphabet),
              mutate(rnd, seed.rawQuery(), alphabet),
              mutateHeaders(rnd, seed.headers(), alphabet),
              mutate(rnd, new String(seed.body(), StandardCharsets.UTF_8), alphabet)
                  .getBytes(StandardCharsets.UTF_8),
              rnd.nextBoolean());
      assertThatCode(() -> recognizer.derive(mutated))
          .as("request %s", mutated)
          .doesNotThrowAnyException();
      checked++;
    }
    assertThat(checked).isEqualTo(5_000);
  }

  private static Map<String, String> mutateHeaders(
      Random rnd, Map<String, String> headers, String alphabet) {
    Map<String, String> out = new HashMap<>();
    headers.forEach((k, v) -> out.put(k, rnd.nextInt(4) == 0 ? mutate(rnd, v, alphabet) : v));
    if (rnd.nextInt(4) == 0) {
      out.put("authorization", mutate(rnd, AUTH_S3, alphabet));
    }
    if (rnd.nextInt(6) == 0) {
      out.put("x-amz-copy-source", mutate(rnd, "/src/k", alphabet));
    }
    return out;
  }

  /** Deletes, inserts, flips, truncates or repeats parts of {@code s}. */
  private static String mutate(Random rnd, String s, String alphabet) {
    StringBuilder sb = new StringBuilder(s);
    int edits = rnd.nextInt(6);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
      switch (rnd.nextInt(5)) {
        case 0 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
        case 1 -> {
          if (sb.length() > 0) sb.deleteCharAt(at);
        }
        case 2 -> sb.setLength(at);
        case 3 -> {
          if (sb.length() > 0) sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        default ->
            sb.insert(
                at,
                sb.substring(at, Math.min(sb.length(), at + 1 + rnd.nextInt(40)))
                    .repeat(1 + rnd.nextInt(50)));
      }
    }
    return sb.toString();
  }
}
