package io.netmapper.aws.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Real SDK v2 clients, configured as the webhook configures pods (trusting the proxy CA from the
 * bundle's PKCS12 store, reaching the proxy under the real AWS names), through the proxy to the
 * fake AWS on loopback.
 */
class ProxyWithSdkClientsTest {

  static final String BUCKET = "netmapper-test";
  static FakeAws fake;
  static ProxyHarness h;
  static SdkHttpClient http;
  static final List<SdkHttpRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    fake = new FakeAws();
    h = new ProxyHarness(fake);
    var trust = TestPki.fromBundle(h.ca.caBundle());
    http =
        UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build();
  }

  @AfterAll
  static void stop() {
    http.close();
    h.close();
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.received.clear();
    fake.queue.clear();
    h.seen.clear();
    sent.clear();
  }

  static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B conf(
      B builder, String scheme, String service) {
    int port = scheme.equals("https") ? h.proxy.httpsPort() : h.proxy.httpPort();
    return builder
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .endpointOverride(
            URI.create(scheme + "://" + service + ".eu-central-1.amazonaws.com:" + port))
        .overrideConfiguration(
            c ->
                c.addExecutionInterceptor(
                    new ExecutionInterceptor() {
                      @Override
                      public void beforeTransmission(
                          Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        sent.add(context.httpRequest());
                      }
                    }));
  }

  static S3Client s3(String scheme) {
    return conf(S3Client.builder(), scheme, "s3").httpClient(http).build();
  }

  @Test
  void putAndGet10MiB_overHttps_bytesIdenticalBothWays() throws Exception {
    byte[] data = new byte[10 << 20];
    new Random(42).nextBytes(data);
    try (S3Client s3 = s3("https")) {
      s3.putObject(
          b -> b.bucket(BUCKET).key("big.bin"),
          RequestBody.fromInputStream(new ByteArrayInputStream(data), data.length));
      assertThat(sha256(fake.object(BUCKET, "big.bin"))).isEqualTo(sha256(data));
      try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key("big.bin"))) {
        assertThat(sha256(in)).isEqualTo(sha256(data));
      }
    }
    var put = h.seen.get(0).request();
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.host()).isEqualTo(BUCKET + ".s3.eu-central-1.amazonaws.com");
    assertThat(put.path()).isEqualTo("/big.bin");
    assertThat(put.body()).isEmpty();
    assertThat(put.bodyComplete()).isFalse();
    assertThat(h.seen.get(1).request().method()).isEqualTo("GET");
    assertThat(h.count(ProxyMetrics.REQUESTS, "scheme", "https", "outcome", "2xx"))
        .isGreaterThanOrEqualTo(2);
    assertThat(h.registry.find(ProxyMetrics.BYTES).tag("direction", "down").counter().count())
        .isGreaterThanOrEqualTo(data.length);
  }

  @Test
  void putOverPlainHttp_signedChunksWithTrailer_passThroughAndDecode() throws Exception {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    try (S3Client s3 = s3("http")) {
      s3.putObject(b -> b.bucket(BUCKET).key("signed.bin"), RequestBody.fromBytes(data));
      var received = fake.received.get(0);
      assertThat(header(received.headers(), "x-amz-content-sha256"))
          .isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
      assertThat(header(received.headers(), "content-encoding")).contains("aws-chunked");
      assertThat(new String(received.rawBody(), 0, 200, java.nio.charset.StandardCharsets.US_ASCII))
          .contains(";chunk-signature=");
      assertThat(AwsChunked.lastTrailers)
          .containsKeys("x-amz-checksum-crc32", "x-amz-trailer-signature");
      assertThat(sha256(fake.object(BUCKET, "signed.bin"))).isEqualTo(sha256(data));
      assertThat(s3.headObject(b -> b.bucket(BUCKET).key("signed.bin")).contentLength())
          .isEqualTo(data.length);
      assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents())
          .anySatisfy(o -> assertThat(o.key()).isEqualTo("signed.bin"));
    }
    assertThat(h.seen).extracting(s -> s.request().method()).containsExactly("PUT", "HEAD", "GET");
    assertThat(h.seen.get(2).request().rawQuery()).contains("list-type=2");
  }

  @Test
  void sqsAndDynamoDb_smallCalls_succeedAndListenerSeesBodies() {
    try (SqsClient sqs = conf(SqsClient.builder(), "https", "sqs").httpClient(http).build();
        DynamoDbClient ddb =
            conf(DynamoDbClient.builder(), "https", "dynamodb").httpClient(http).build()) {
      String url = "https://sqs.eu-central-1.amazonaws.com/123456789012/orders";
      assertThat(sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello")).messageId())
          .isNotBlank();
      assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages())
          .extracting(Message::body)
          .containsExactly("hello");
      ddb.putItem(
          b ->
              b.tableName("Orders")
                  .item(
                      Map.of(
                          "id", AttributeValue.fromS("o-1"), "total", AttributeValue.fromN("42"))));
      assertThat(
              ddb.getItem(b -> b.tableName("Orders").key(Map.of("id", AttributeValue.fromS("o-1"))))
                  .item())
          .containsEntry("total", AttributeValue.fromN("42"));
    }
    var send = h.seen.get(0).request();
    assertThat(send.host()).isEqualTo("sqs.eu-central-1.amazonaws.com");
    assertThat(send.header("x-amz-target")).isEqualTo("AmazonSQS.SendMessage");
    assertThat(send.bodyComplete()).isTrue();
    assertThat(new String(send.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"MessageBody\":\"hello\"")
        .contains("orders");
    var put = h.seen.get(2).request();
    assertThat(put.header("x-amz-target")).isEqualTo("DynamoDB_20120810.PutItem");
    assertThat(new String(put.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"TableName\":\"Orders\"");
    assertThat(h.seen).allSatisfy(s -> assertThat(s.client().isLoopbackAddress()).isTrue());
  }

  @Test
  void headers_arriveUpstreamAsTheSdkSentThem_andAsTheListenerSawThem() {
    try (SqsClient sqs = conf(SqsClient.builder(), "https", "sqs").httpClient(http).build()) {
      sqs.sendMessage(
          b -> b.queueUrl("https://sqs.eu-central-1.amazonaws.com/1/q").messageBody("x"));
    }
    var upstream = fake.received.get(0);
    Map<String, List<String>> sdk = sent.get(0).headers();
    for (var e : sdk.entrySet()) {
      assertThat(header(upstream.headers(), e.getKey()))
          .as(e.getKey())
          .isEqualTo(String.join(",", e.getValue()));
    }
    // the only extras are those HttpURLConnection itself writes
    var extra = new ArrayList<String>();
    for (var e : upstream.headers()) {
      boolean fromSdk = sdk.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(e.getKey()));
      if (!fromSdk) {
        extra.add(e.getKey().toLowerCase(Locale.ROOT));
      }
    }
    assertThat(extra).isSubsetOf("host", "accept", "connection", "content-length", "user-agent");
    assertThat(h.seen.get(0).request().headers())
        .isEqualTo(io.netmapper.aws.recognize.AwsRequest.headersOf(upstream.headers()));
    assertThat(upstream.rawBody()).isEqualTo(h.seen.get(0).request().body());
  }

  @Test
  void upstreamErrorStatus_passesThrough() {
    try (S3Client s3 = s3("https")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> s3.getObject(b -> b.bucket(BUCKET).key("missing"), (r, in) -> null))
          .isInstanceOf(NoSuchKeyException.class);
    }
    assertThat(h.count(ProxyMetrics.REQUESTS, "scheme", "https", "outcome", "4xx")).isPositive();
  }

  static String header(List<Map.Entry<String, String>> headers, String name) {
    var joined = new LinkedHashMap<String, String>();
    headers.forEach(
        e ->
            joined.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + "," + b));
    return joined.get(name.toLowerCase(Locale.ROOT));
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  static String sha256(InputStream in) throws Exception {
    var md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
