package io.netmapper.aws.bench;

import io.netmapper.aws.recognize.AwsCall;
import io.netmapper.aws.recognize.AwsOperationRecognizer;
import io.netmapper.aws.recognize.AwsRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Recognitions per second on one thread, warm, for S3, SQS and DynamoDB requests as the proxy hands
 * them over. Run:
 *
 * <pre>
 * ./mvnw -q -B -o -pl aws-visibility test-compile dependency:build-classpath  *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp aws-visibility/target/test-classes:aws-visibility/target/classes:$(cat /tmp/cp.txt)  *     io.netmapper.aws.bench.RecognizeBench
 * </pre>
 */
public final class RecognizeBench {

  private static final String AUTH =
      "AWS4-HMAC-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/20261126/eu-central-1/%s/aws4_request, "
          + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0f0e0d0c0b0a09080706050403020100";

  private RecognizeBench() {}

  public static void main(String[] args) {
    long loadStart = System.nanoTime();
    AwsOperationRecognizer recognizer = new AwsOperationRecognizer();
    long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
    Map<String, List<AwsRequest>> mixes =
        Map.of("s3", s3(), "sqs", List.of(sqs()), "dynamodb", List.of(dynamodb()));
    System.out.printf("recognizer construction: %d ms%n%n", loadMs);
    System.out.printf("%-10s %14s %12s%n", "mix", "recognitions/s", "ns/op");
    for (String name : List.of("s3", "sqs", "dynamodb", "all")) {
      List<AwsRequest> mix =
          name.equals("all")
              ? List.of(s3().get(0), s3().get(1), s3().get(2), sqs(), dynamodb())
              : mixes.get(name);
      run(recognizer, mix, 200_000); // warm-up
      double perSecond = run(recognizer, mix, 1_000_000);
      System.out.printf("%-10s %,14.0f %12.0f%n", name, perSecond, 1e9 / perSecond);
    }
  }

  private static double run(AwsOperationRecognizer recognizer, List<AwsRequest> mix, int n) {
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      AwsCall call = recognizer.recognise(mix.get(i % mix.size()));
      sink += call.resourceArns().size();
    }
    long elapsed = System.nanoTime() - start;
    if (sink == 42) {
      System.out.println(); // keeps the loop from being optimised away
    }
    return n * 1e9 / elapsed;
  }

  private static List<AwsRequest> s3() {
    Map<String, String> h =
        Map.of(
            "authorization",
            String.format(AUTH, "s3"),
            "x-amz-content-sha256",
            "UNSIGNED-PAYLOAD",
            "x-amz-date",
            "20261126T120000Z");
    return List.of(
        new AwsRequest(
            "PUT",
            "s3.eu-central-1.amazonaws.com",
            "/invoices/2026/11/inv-0001.pdf",
            "x-id=PutObject",
            h,
            new byte[0],
            false),
        new AwsRequest(
            "GET",
            "invoices.s3.eu-central-1.amazonaws.com",
            "/2026/11/inv-0001.pdf",
            "x-id=GetObject",
            h,
            new byte[0],
            true),
        new AwsRequest(
            "GET",
            "s3.eu-central-1.amazonaws.com",
            "/invoices",
            "list-type=2&prefix=2026%2F11%2F",
            h,
            new byte[0],
            true));
  }

  private static AwsRequest sqs() {
    byte[] body =
        ("{\"QueueUrl\":\"https://sqs.eu-central-1.amazonaws.com/123456789012/orders\","
                + "\"MessageBody\":\"{\\\"order\\\":1234,\\\"items\\\":[1,2,3]}\"}")
            .getBytes(StandardCharsets.UTF_8);
    return new AwsRequest(
        "POST",
        "sqs.eu-central-1.amazonaws.com",
        "/",
        "",
        Map.of(
            "authorization",
            String.format(AUTH, "sqs"),
            "x-amz-target",
            "AmazonSQS.SendMessage",
            "content-type",
            "application/x-amz-json-1.0"),
        body,
        true);
  }

  private static AwsRequest dynamodb() {
    byte[] body =
        ("{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"order#1234\"},\"sk\":{\"S\":\"meta\"},"
                + "\"total\":{\"N\":\"99.5\"},\"lines\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"a\"}}},{\"M\":{\"sku\":{\"S\":\"b\"}}}]}}}")
            .getBytes(StandardCharsets.UTF_8);
    return new AwsRequest(
        "POST",
        "dynamodb.eu-central-1.amazonaws.com",
        "/",
        "",
        Map.of(
            "authorization",
            String.format(AUTH, "dynamodb"),
            "x-amz-target",
            "DynamoDB_20120810.PutItem",
            "content-type",
            "application/x-amz-json-1.0"),
        body,
        true);
  }
}
