package io.netmapper.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.aws.ca.CertificateAuthority;
import io.netmapper.aws.proxy.AwsProxy;
import io.netmapper.aws.proxy.AwsProxyConfig;
import io.netmapper.aws.proxy.FakeAws;
import io.netmapper.aws.proxy.TestPki;
import io.netmapper.aws.proxy.UpstreamResolver;
import io.netmapper.cli.Cli;
import io.netmapper.cli.CliContext;
import io.netmapper.cli.testing.CrdSchemas;
import io.netmapper.common.deliver.GrpcReportSender;
import io.netmapper.mapper.testing.MapperUnderTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The whole path with real parts: real AWS SDK v2 clients (trusting the CA bundle the component
 * made, reaching the proxy under the real AWS names) → the component as Main wires it (CA in its
 * Secret, proxy, DNS server, webhook) → a fake AWS on loopback; the recognised calls → a real
 * mapper over gRPC → its AWS intents → the CLI's export, valid against the real CRD. Every client
 * in this JVM connects from 127.0.0.1, the IP of the "orders" pod.
 */
class AwsVisibilityToMapperTest {
  /** An AKIA key id that encodes account 123456789012 (see AccessKeysTest). */
  static final String ACCESS_KEY = "AKIABZPUZDIKGWQWERTY";

  static final String BUCKET = "netmapper-test";

  @TempDir static Path dir;
  static MapperUnderTest mapper;
  static FakeAws fake;
  static GrpcReportSender sender;
  static AwsVisibility visibility;
  static PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  static SdkHttpClient http;

  @BeforeAll
  static void start() throws Exception {
    mapper = new MapperUnderTest();
    mapper.pod("shop", "orders-5d8f7-abcde", "Deployment", "orders", "127.0.0.1");
    mapper.namespace("netmapper-system");
    fake = new FakeAws();
    sender = new GrpcReportSender(mapper.address(), Duration.ofSeconds(5));
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "NETMAPPER_MAPPER_ADDRESS", mapper.address(),
                "NETMAPPER_SERVICE_ADDRESSES", "127.0.0.1",
                "NETMAPPER_BIND_ADDRESS", "127.0.0.1",
                "NETMAPPER_PROXY_HTTPS_PORT", "0",
                "NETMAPPER_PROXY_HTTP_PORT", "0",
                "NETMAPPER_DNS_PORT", "0",
                "NETMAPPER_WEBHOOK_PORT", "0",
                "NETMAPPER_HEALTH_ADDRESS", "127.0.0.1",
                "NETMAPPER_HEALTH_PORT", "0",
                "NETMAPPER_REPORT_INTERVAL", "PT0.2S"));
    env.put("NETMAPPER_TELEMETRY_ENABLED", "false");
    AwsVisibilityConfig config =
        AwsVisibilityConfig.parse(new String[0], env, "nameserver 127.0.0.1\n");
    // the real endpoints are the fake AWS on loopback, trusted through its own test CA
    var fakeTrust = TestPki.trusting(TestPki.FAKE_PUBLIC_CA.certificate());
    AwsVisibility.Parts toFake =
        (pc, leaves, collector, reg) ->
            new AwsProxy(
                new AwsProxyConfig(
                    pc.bindAddress(),
                    pc.httpsPort(),
                    pc.httpPort(),
                    pc.maxInspectBytes(),
                    fake.httpsPort(),
                    fake.httpPort(),
                    pc.connectTimeout(),
                    pc.idleTimeout(),
                    pc.allowedHostSuffixes()),
                leaves,
                collector,
                reg,
                UpstreamResolver.jvmDns(),
                fakeTrust,
                Clock.systemUTC(),
                null);
    visibility =
        new AwsVisibility(config, registry, sender, mapper.client, Clock.systemUTC(), toFake);
    visibility.start();
    // the clients trust what the webhook mounts into pods: the PKCS12 bundle of the CA the
    // component keeps in its Secret
    var secret =
        mapper
            .client
            .secrets()
            .inNamespace("netmapper-system")
            .withName("netmapper-aws-visibility-ca")
            .get();
    CertificateAuthority ca =
        CertificateAuthority.fromPem(
            decode(secret.getData().get("ca.crt")),
            decode(secret.getData().get("ca.key")),
            Clock.systemUTC());
    var trust = TestPki.fromBundle(ca.caBundle());
    http =
        UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build();
  }

  static String decode(String base64) {
    return new String(
        java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() throws Exception {
    if (http != null) {
      http.close();
    }
    if (visibility != null) {
      visibility.close();
    }
    if (sender != null) {
      sender.close();
    }
    if (fake != null) {
      fake.close();
    }
    if (mapper != null) {
      mapper.close();
    }
  }

  static <B extends AwsClientBuilder<B, ?>> B conf(B builder, String service) {
    return builder
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "secret")))
        .endpointOverride(
            URI.create(
                "https://"
                    + service
                    + ".eu-central-1.amazonaws.com:"
                    + visibility.proxy().httpsPort()));
  }

  @Test
  void sdkCallsThroughTheProxy_becomeAwsIntentsOfTheCaller_andExportValidates() throws Exception {
    byte[] data = new byte[3 << 20];
    new Random(11).nextBytes(data);
    try (S3Client s3 = conf(S3Client.builder(), "s3").httpClient(http).build();
        SqsClient sqs = conf(SqsClient.builder(), "sqs").httpClient(http).build();
        DynamoDbClient ddb = conf(DynamoDbClient.builder(), "dynamodb").httpClient(http).build()) {
      s3.putObject(
          b -> b.bucket(BUCKET).key("invoices/2026/11.pdf"),
          RequestBody.fromInputStream(new ByteArrayInputStream(data), data.length));
      try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key("invoices/2026/11.pdf"))) {
        assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
      }
      sqs.sendMessage(
          b ->
              b.queueUrl("https://sqs.eu-central-1.amazonaws.com/123456789012/orders")
                  .messageBody("o-1"));
      ddb.putItem(b -> b.tableName("Orders").item(Map.of("id", AttributeValue.fromS("o-1"))));
    }

    Map<String, List<String>> byArn =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> awsIntents("orders"), m -> m.size() == 3);
    assertThat(byArn)
        .containsOnly(
            Map.entry("arn:aws:s3:::" + BUCKET + "/*", List.of("s3:GetObject", "s3:PutObject")),
            Map.entry("arn:aws:sqs:eu-central-1:123456789012:orders", List.of("sqs:SendMessage")),
            Map.entry(
                "arn:aws:dynamodb:eu-central-1:123456789012:table/Orders",
                List.of("dynamodb:PutItem")));

    String scraped = registry.scrape();
    assertThat(scraped)
        .contains("netmapper_aws_operations_total{outcome=\"recognised\",service=\"s3\"} 2.0")
        .containsPattern("netmapper_aws_reports_sent_total [1-9]")
        .containsPattern(
            "netmapper_aws_proxy_requests_total\\{outcome=\"2xx\",scheme=\"https\"} [4-9]")
        .contains("netmapper_aws_ca_leaf_certificates_issued_total");

    // the CLI's export: aws targets on the orders workload, valid against the real CRD
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
    JsonNode orders = null;
    for (JsonNode d : new ObjectMapper().readTree(out.toString())) {
      if (d.get("metadata").get("name").asString().equals("orders")) {
        orders = d;
      }
    }
    assertThat(orders).as(out.toString()).isNotNull();
    Map<String, List<String>> exported = new TreeMap<>();
    for (JsonNode t : orders.get("spec").get("targets")) {
      if (t.has("aws")) {
        List<String> actions = new ArrayList<>();
        t.get("aws").get("actions").forEach(a -> actions.add(a.asString()));
        exported.put(t.get("aws").get("arn").asString(), actions);
      }
    }
    assertThat(exported).isEqualTo(new TreeMap<>(byArn));
    assertThat(CrdSchemas.load().validate("v2beta1", orders, true)).isEmpty();
  }

  @Test
  void dnsServer_sendsAwsNamesToTheServiceAddress() throws Exception {
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(visibility.dns().address().getPort());
    resolver.setTimeout(Duration.ofSeconds(3));
    Lookup lookup = new Lookup("sts.amazonaws.com.", Type.A);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] answers = lookup.run();
    assertThat(answers).as(lookup.getErrorString()).isNotNull();
    assertThat(((ARecord) answers[0]).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void health_namesEveryPart() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + visibility.healthPort() + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("ok")
        .contains("proxy https")
        .contains("dns /127.0.0.1")
        .contains("webhook port");
  }

  static Map<String, List<String>> awsIntents(String client) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Intent i : mapper.intents()) {
      if (i.getType() == IntentType.INTENT_TYPE_AWS
          && i.getClient().getWorkload().getName().equals(client)) {
        out.put(i.getServer().getAws().getArn(), i.getAwsActionsList());
      }
    }
    return out;
  }

  static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
