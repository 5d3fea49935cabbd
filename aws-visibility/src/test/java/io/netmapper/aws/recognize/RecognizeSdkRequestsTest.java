package io.netmapper.aws.recognize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real AWS SDK v2 clients send to a recording server on loopback; each recorded request, with the
 * host the SDK would have used against AWS, must come out as the exact IAM action and ARN.
 */
class RecognizeSdkRequestsTest {

  private static final String ACCOUNT = "123456789012";
  private static final String KEY = AccessKeysTest.keyFor("AKIA", Long.parseLong(ACCOUNT));
  private static final String QUEUE_URL =
      "https://sqs.eu-central-1.amazonaws.com/" + ACCOUNT + "/orders";

  private static LoopbackAwsServer server;
  private static AwsOperationRecognizer recognizer;

  @BeforeAll
  static void start() throws Exception {
    server = new LoopbackAwsServer();
    recognizer = new AwsOperationRecognizer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder
        .endpointOverride(server.endpoint())
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, "secret")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    return builder;
  }

  /** Runs one SDK call (its answer may not parse; the request is what counts) and recognises it. */
  private static AwsCall recognise(Runnable sdkCall, String realHost) {
    server.take();
    try {
      sdkCall.run();
    } catch (SdkException expected) {
      // the loopback answer is minimal; the SDK may reject it after sending the request
    }
    List<LoopbackAwsServer.Recorded> sent = server.take();
    assertThat(sent).as("requests the SDK sent").hasSize(1);
    AwsCall call = recognizer.derive(sent.get(0).toAwsRequest(realHost));
    assertThat(call.region()).isEqualTo("eu-central-1");
    assertThat(call.accessKeyId()).isEqualTo(KEY);
    return call;
  }

  private static void assertCall(
      AwsCall call, String service, List<String> actions, List<String> arns) {
    assertThat(call.service()).isEqualTo(service);
    assertThat(call.actions()).containsExactlyElementsOf(actions);
    assertThat(call.resourceArns()).containsExactlyElementsOf(arns);
    assertThat(call.recognised()).isTrue();
  }

  @Test
  void s3PathStyle_objectAndBucketOperations() {
    String host = "s3.eu-central-1.amazonaws.com";
    try (S3Client s3 =
        configure(S3Client.builder())
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      String objects = "arn:aws:s3:::invoices/*";
      assertCall(
          recognise(
              () ->
                  s3.putObject(
                      b -> b.bucket("invoices").key("2026/11/a b+c.pdf"),
                      RequestBody.fromString("pdf")),
              host),
          "s3",
          List.of("s3:PutObject"),
          List.of(objects));
      assertCall(
          recognise(() -> s3.getObject(b -> b.bucket("invoices").key("2026/11/a.pdf")), host),
          "s3",
          List.of("s3:GetObject"),
          List.of(objects));
      assertCall(
          recognise(() -> s3.headObject(b -> b.bucket("invoices").key("a.pdf")), host),
          "s3",
          List.of("s3:GetObject"),
          List.of(objects));
      assertCall(
          recognise(() -> s3.headBucket(b -> b.bucket("invoices")), host),
          "s3",
          List.of("s3:ListBucket"),
          List.of("arn:aws:s3:::invoices"));
      assertCall(
          recognise(() -> s3.listObjectsV2(b -> b.bucket("invoices").prefix("2026/")), host),
          "s3",
          List.of("s3:ListBucket"),
          List.of("arn:aws:s3:::invoices"));
      assertCall(
          recognise(
              () ->
                  s3.deleteObjects(
                      b ->
                          b.bucket("invoices")
                              .delete(
                                  Delete.builder()
                                      .objects(ObjectIdentifier.builder().key("a.pdf").build())
                                      .build())),
              host),
          "s3",
          List.of("s3:DeleteObject"),
          List.of(objects));
      assertCall(
          recognise(() -> s3.createMultipartUpload(b -> b.bucket("invoices").key("big.bin")), host),
          "s3",
          List.of("s3:PutObject"),
          List.of(objects));
      assertCall(
          recognise(
              () ->
                  s3.uploadPart(
                      b -> b.bucket("invoices").key("big.bin").uploadId("u-1").partNumber(1),
                      RequestBody.fromString("part")),
              host),
          "s3",
          List.of("s3:PutObject"),
          List.of(objects));
      assertCall(
          recognise(
              () ->
                  s3.copyObject(
                      b ->
                          b.sourceBucket("drafts")
                              .sourceKey("x.pdf")
                              .destinationBucket("invoices")
                              .destinationKey("x.pdf")),
              host),
          "s3",
          List.of("s3:PutObject", "s3:GetObject"),
          List.of(objects, "arn:aws:s3:::drafts/*"));
      assertCall(
          recognise(() -> s3.getObjectAcl(b -> b.bucket("invoices").key("a.pdf")), host),
          "s3",
          List.of("s3:GetObjectAcl"),
          List.of(objects));
      assertCall(
          recognise(() -> s3.getBucketTagging(b -> b.bucket("invoices")), host),
          "s3",
          List.of("s3:GetBucketTagging"),
          List.of("arn:aws:s3:::invoices"));
      assertCall(
          recognise(() -> s3.listBuckets(), "s3.eu-central-1.amazonaws.com"),
          "s3",
          List.of("s3:ListAllMyBuckets"),
          List.of("*"));
    }
  }

  @Test
  void s3VirtualHosted_takesTheBucketFromTheHost() {
    try (S3Client s3 =
        configure(S3Client.builder())
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      server.take();
      try {
        s3.getObject(b -> b.bucket("reports.acme").key("q3/summary.csv"));
      } catch (SdkException expected) {
        // answer not parsed; the request was sent
      }
      LoopbackAwsServer.Recorded pathStyle = server.take().get(0);
      // the same request as the SDK sends it virtual-hosted: bucket in the host, key in the path
      String keyPath = pathStyle.rawPath().substring("/reports.acme".length());
      AwsRequest virtual =
          new AwsRequest(
              pathStyle.method(),
              "reports.acme.s3.dualstack.eu-central-1.amazonaws.com",
              keyPath,
              pathStyle.rawQuery(),
              pathStyle.headers(),
              pathStyle.body(),
              true);
      assertCall(
          recognizer.derive(virtual),
          "s3",
          List.of("s3:GetObject"),
          List.of("arn:aws:s3:::reports.acme/*"));
      AwsRequest listing =
          new AwsRequest(
              "GET",
              "reports.acme.s3.eu-central-1.amazonaws.com",
              "/",
              "list-type=2&prefix=q3",
              pathStyle.headers(),
              new byte[0],
              true);
      assertCall(
          recognizer.derive(listing),
          "s3",
          List.of("s3:ListBucket"),
          List.of("arn:aws:s3:::reports.acme"));
    }
  }

  @Test
  void sqs_jsonProtocol_queueUrlAndQueueName() {
    String host = "sqs.eu-central-1.amazonaws.com";
    String arn = "arn:aws:sqs:eu-central-1:" + ACCOUNT + ":orders";
    try (SqsClient sqs =
        configure(SqsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
      assertCall(
          recognise(() -> sqs.sendMessage(b -> b.queueUrl(QUEUE_URL).messageBody("hi")), host),
          "sqs",
          List.of("sqs:SendMessage"),
          List.of(arn));
      assertCall(
          recognise(() -> sqs.receiveMessage(b -> b.queueUrl(QUEUE_URL)), host),
          "sqs",
          List.of("sqs:ReceiveMessage"),
          List.of(arn));
      assertCall(
          recognise(() -> sqs.getQueueUrl(b -> b.queueName("orders")), host),
          "sqs",
          List.of("sqs:GetQueueUrl"),
          List.of(arn));
      assertCall(
          recognise(
              () ->
                  sqs.getQueueUrl(
                      b -> b.queueName("shared").queueOwnerAWSAccountId("210987654321")),
              host),
          "sqs",
          List.of("sqs:GetQueueUrl"),
          List.of("arn:aws:sqs:eu-central-1:210987654321:shared"));
    }
  }

  @Test
  void dynamodb_tablesFromTheBody() {
    String host = "dynamodb.eu-central-1.amazonaws.com";
    String orders = "arn:aws:dynamodb:eu-central-1:" + ACCOUNT + ":table/orders";
    Map<String, AttributeValue> item =
        Map.of("pk", AttributeValue.fromS("TableName"), "TableName", AttributeValue.fromS("decoy"));
    try (DynamoDbClient ddb =
        configure(DynamoDbClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
      assertCall(
          recognise(() -> ddb.putItem(b -> b.tableName("orders").item(item)), host),
          "dynamodb",
          List.of("dynamodb:PutItem"),
          List.of(orders));
      assertCall(
          recognise(
              () ->
                  ddb.getItem(
                      b -> b.tableName("orders").key(Map.of("pk", AttributeValue.fromS("1")))),
              host),
          "dynamodb",
          List.of("dynamodb:GetItem"),
          List.of(orders));
      assertCall(
          recognise(
              () ->
                  ddb.query(
                      b ->
                          b.tableName("orders")
                              .indexName("by-customer")
                              .keyConditionExpression("c = :c")
                              .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("x")))),
              host),
          "dynamodb",
          List.of("dynamodb:Query"),
          List.of(orders + "/index/by-customer"));
      WriteRequest put =
          WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
      assertCall(
          recognise(
              () -> ddb.batchWriteItem(b -> b.requestItems(Map.of("orders", List.of(put)))), host),
          "dynamodb",
          List.of("dynamodb:BatchWriteItem"),
          List.of(orders));
    }
  }

  @Test
  void lambdaInvoke_functionFromThePath() {
    String host = "lambda.eu-central-1.amazonaws.com";
    try (LambdaClient lambda =
        configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
      assertCall(
          recognise(
              () ->
                  lambda.invoke(
                      b ->
                          b.functionName("resize")
                              .payload(SdkBytes.fromUtf8String("{\"LayerName\":\"decoy\"}"))),
              host),
          "lambda",
          List.of("lambda:InvokeFunction"),
          List.of("arn:aws:lambda:eu-central-1:" + ACCOUNT + ":function:resize"));
      assertCall(
          recognise(
              () ->
                  lambda.invoke(
                      b ->
                          b.functionName("arn:aws:lambda:eu-central-1:210987654321:function:thumbs")
                              .qualifier("live")),
              host),
          "lambda",
          List.of("lambda:InvokeFunction"),
          List.of("arn:aws:lambda:eu-central-1:210987654321:function:thumbs:live"));
    }
  }

  @Test
  void kms_keyIdsAndAliases() {
    String host = "kms.eu-central-1.amazonaws.com";
    String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
    try (KmsClient kms =
        configure(KmsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
      assertCall(
          recognise(
              () -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))), host),
          "kms",
          List.of("kms:Encrypt"),
          List.of("arn:aws:kms:eu-central-1:" + ACCOUNT + ":key/" + keyId));
      assertCall(
          recognise(
              () ->
                  kms.encrypt(
                      b -> b.keyId("alias/payments").plaintext(SdkBytes.fromUtf8String("x"))),
              host),
          "kms",
          List.of("kms:Encrypt"),
          List.of("arn:aws:kms:eu-central-1:" + ACCOUNT + ":alias/payments"));
      assertCall(
          recognise(
              () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromUtf8String("blob"))), host),
          "kms",
          List.of("kms:Decrypt"),
          List.of("*"));
    }
  }

  @Test
  void secretsManager_andSsm_namesBecomeArns() {
    try (SecretsManagerClient sm =
            configure(SecretsManagerClient.builder())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        SsmClient ssm =
            configure(SsmClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
      assertCall(
          recognise(
              () -> sm.getSecretValue(b -> b.secretId("prod/db")),
              "secretsmanager.eu-central-1.amazonaws.com"),
          "secretsmanager",
          List.of("secretsmanager:GetSecretValue"),
          List.of("arn:aws:secretsmanager:eu-central-1:" + ACCOUNT + ":secret:prod/db-*"));
      assertCall(
          recognise(
              () -> ssm.getParameter(b -> b.name("/app/db/url").withDecryption(true)),
              "ssm.eu-central-1.amazonaws.com"),
          "ssm",
          List.of("ssm:GetParameter"),
          List.of("arn:aws:ssm:eu-central-1:" + ACCOUNT + ":parameter/app/db/url"));
    }
  }

  @Test
  void snsAndSts_queryProtocol() {
    String topic = "arn:aws:sns:eu-central-1:210987654321:alerts";
    try (SnsClient sns =
            configure(SnsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        StsClient sts =
            configure(StsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
      assertCall(
          recognise(
              () -> sns.publish(b -> b.topicArn(topic).message("hi")),
              "sns.eu-central-1.amazonaws.com"),
          "sns",
          List.of("sns:Publish"),
          List.of(topic));
      assertCall(
          recognise(() -> sts.getCallerIdentity(), "sts.eu-central-1.amazonaws.com"),
          "sts",
          List.of("sts:GetCallerIdentity"),
          List.of("*"));
      String role = "arn:aws:iam::210987654321:role/deployer";
      assertCall(
          recognise(
              () -> sts.assumeRole(b -> b.roleArn(role).roleSessionName("s")), "sts.amazonaws.com"),
          "sts",
          List.of("sts:AssumeRole"),
          List.of(role));
    }
  }
}
