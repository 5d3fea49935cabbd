package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.seen;
import static io.netmapper.mapper.MapperHarness.syn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.ReportAck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report API: duplicates, bad input, JSON over HTTP, health and metrics. */
class ReportIngestTest {
  static MapperHarness h;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    h = new MapperHarness(Map.of("NETMAPPER_MAX_BATCH_ENTRIES", "100"));
    h.deploymentPod("ingest", "client", "10.244.6.10", Map.of("app", "client"));
    h.deploymentPod("ingest", "server", "10.244.6.20", Map.of("app", "server"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void duplicateBatch_isAcknowledgedAndAppliedOnce() {
    ConnectionReport batch =
        ConnectionReport.newBuilder()
            .setHeader(h.header())
            .addConnections(syn("10.244.6.10", "10.244.6.20", 7001))
            .build();
    ReportAck first = h.reports().reportConnections(batch);
    ReportAck again = h.reports().reportConnections(batch);
    assertThat(first.getDuplicate()).isFalse();
    assertThat(first.getAccepted()).isEqualTo(1);
    assertThat(again.getDuplicate()).isTrue();
    assertThat(again.getSequence()).isEqualTo(batch.getHeader().getSequence());
    await()
        .until(
            () ->
                h.intents().stream()
                    .anyMatch(edge("client", "server").and(i -> i.getPortsList().contains(7001))));
    long count =
        h.intents().stream().filter(edge("client", "server")).findFirst().orElseThrow().getCount();
    // a later, different batch still counts
    h.connections(syn("10.244.6.10", "10.244.6.20", 7001));
    await()
        .until(
            () ->
                h.intents().stream()
                        .filter(edge("client", "server"))
                        .findFirst()
                        .orElseThrow()
                        .getCount()
                    == count + 1);
    assertThat(h.metrics())
        .contains("netmapper_mapper_batches_duplicate_total{component=\"sniffer\"} 1.0");
  }

  @Test
  void invalidAddress_isRejectedNamingTheField_andTheValidEntriesApply() {
    ConnectionReport batch =
        ConnectionReport.newBuilder()
            .setHeader(h.header())
            .addConnections(syn("10.244.6.10", "10.244.6.20", 7002))
            .addConnections(syn("10.244.6.10", "not-an-ip", 7003))
            .build();
    assertThatThrownBy(() -> h.reports().reportConnections(batch))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains("connections[1].server_ip")
                  .contains("not-an-ip")
                  .contains("1 of 2 entries rejected");
            });
    await()
        .until(
            () ->
                h.intents().stream()
                    .anyMatch(edge("client", "server").and(i -> i.getPortsList().contains(7002))));
    assertThat(h.metrics())
        .contains(
            "netmapper_mapper_observations_rejected_total{kind=\"connection\",reason=\"bad_address\"} 1.0");
    // the service keeps working
    assertThat(h.connections(syn("10.244.6.10", "10.244.6.20", 7004)).getAccepted()).isEqualTo(1);
  }

  @Test
  void missingField_absurdTimestamp_badPort_areNamed() {
    assertInvalid(
        DnsAnswerReport.newBuilder()
            .setHeader(h.header())
            .addAnswers(
                DnsAnswer.newBuilder().setSeen(seen(Instant.now())).setClientIp("10.244.6.10"))
            .build(),
        "answers[0].query_name");
    assertInvalid(
        DnsAnswerReport.newBuilder()
            .setHeader(h.header())
            .addAnswers(
                DnsAnswer.newBuilder().setClientIp("10.244.6.10").setQueryName("x.example.com"))
            .build(),
        "answers[0].seen.last_seen is required");
    assertInvalid(
        DnsAnswerReport.newBuilder()
            .setHeader(h.header())
            .addAnswers(
                DnsAnswer.newBuilder()
                    .setSeen(seen(Instant.parse("1999-01-01T00:00:00Z")))
                    .setClientIp("10.244.6.10")
                    .setQueryName("x.example.com"))
            .build(),
        "answers[0].seen.last_seen: 1999-01-01T00:00:00Z is too far");
    ConnectionReport badPort =
        ConnectionReport.newBuilder()
            .setHeader(h.header())
            .addConnections(
                syn("10.244.6.10", "10.244.6.20", 7005).toBuilder().setServerPort(70000))
            .build();
    assertThatThrownBy(() -> h.reports().reportConnections(badPort))
        .hasMessageContaining("connections[0].server_port: 70000");
    assertThat(h.metrics())
        .contains("reason=\"absurd_timestamp\"")
        .contains("reason=\"missing_field\"")
        .contains("reason=\"bad_port\"");
  }

  private static void assertInvalid(DnsAnswerReport report, String expected) {
    assertThatThrownBy(() -> h.reports().reportDnsAnswers(report))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(expected);
            });
  }

  @Test
  void missingHeader_orOversizedBatch_rejectsTheWholeBatch() {
    assertThatThrownBy(
            () ->
                h.reports()
                    .reportConnections(
                        ConnectionReport.newBuilder()
                            .addConnections(syn("10.244.6.10", "10.244.6.20", 7006))
                            .build()))
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("header is required");
    assertThatThrownBy(
            () ->
                h.reports()
                    .reportConnections(
                        ConnectionReport.newBuilder()
                            .setHeader(h.header().toBuilder().setSequence(0))
                            .build()))
        .hasMessageContaining("header.sequence must be > 0");
    Connection one = syn("10.244.6.10", "10.244.6.20", 7007);
    ConnectionReport big =
        ConnectionReport.newBuilder()
            .setHeader(h.header())
            .addAllConnections(Collections.nCopies(101, one))
            .build();
    assertThatThrownBy(() -> h.reports().reportConnections(big))
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("101 entries exceed the limit of 100");
    assertThat(h.intents())
        .noneMatch(i -> i.getPortsList().contains(7006) || i.getPortsList().contains(7007));
    assertThat(h.metrics())
        .contains(
            "netmapper_mapper_batches_rejected_total{reason=\"oversized\",rpc=\"ReportConnections\"} 1.0");
  }

  @Test
  void awsReportWithoutHeader_isRejectedLikeEveryOtherKind() {
    assertThatThrownBy(
            () -> h.reports().reportAwsOperations(AwsOperationReport.newBuilder().build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void jsonOverHttp_servesBothServices() throws Exception {
    String body =
        "{\"header\":{\"reporter\":{\"component\":\"curl\",\"nodeName\":\"node-1\",\"instanceId\":\"json-1\"},\"sequence\":\"1\"},"
            + "\"connections\":[{\"seen\":{\"lastSeen\":\""
            + Instant.now()
            + "\",\"count\":1},\"clientIp\":\"10.244.6.10\","
            + "\"clientPort\":40001,\"serverIp\":\"10.244.6.20\",\"serverPort\":7008,\"evidence\":\"CONNECTION_EVIDENCE_SYN\"}]}";
    HttpResponse<String> ack = post("/netmapper.v1.ReportService/ReportConnections", body);
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).contains("\"accepted\":1");
    await()
        .until(
            () ->
                post("/netmapper.v1.MapperService/ListIntents", "{\"namespaces\":[\"ingest\"]}")
                    .body()
                    .contains("7008"));
    HttpResponse<String> list =
        post("/netmapper.v1.MapperService/ListIntents", "{\"namespaces\":[\"ingest\"]}");
    assertThat(list.body()).contains("\"name\":\"client\"").contains("\"kind\":\"Deployment\"");
    HttpResponse<String> bad =
        post("/netmapper.v1.ReportService/ReportConnections", "{\"connections\":[]}");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void healthReadinessAndMetrics_areServedOnTheSamePort() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("netmapper_mapper_edges_live")
        .contains("netmapper_mapper_cache_pods")
        .contains("netmapper_mapper_informers_synced 1.0")
        .contains("netmapper_mapper_resolution_latency_seconds");
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.mapper.port() + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.mapper.port() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
