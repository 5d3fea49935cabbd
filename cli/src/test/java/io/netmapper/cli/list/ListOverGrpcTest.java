package io.netmapper.cli.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.Golden;
import io.netmapper.cli.testing.SampleIntents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netmapper list} against a real gRPC MapperService on loopback. */
class ListOverGrpcTest {
  @TempDir Path home;
  FakeMapper mapper;
  CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    mapper = new FakeMapper(SampleIntents.all());
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() throws Exception {
    mapper.close();
  }

  @Test
  void list_printsEveryClientWithDetails_matchingGolden() throws Exception {
    CliRunner.Result r = cli.run("list", "--mapper-url", mapper.url());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    Golden.assertMatches("list.txt", r.out());
    assertThat(r.out())
        .contains(
            "frontend in namespace shop calls:\n  - catalog in namespace catalog\n    - via Service: catalog-api\n")
        .contains("  - orders in namespace shop\n    - via Service: orders\n    - ports: 8080\n")
        .contains("    - path /orders, methods: GET,POST\n")
        .contains("    - Kafka topic: orders, operations: describe,produce\n")
        .contains("  - Internet: api.stripe.com\n    - IPs: 203.0.113.10\n    - ports: 443\n")
        .contains(
            "  - AWS resource arn:aws:s3:::shop-invoices\n    - AWS actions: s3:GetObject, s3:PutObject\n")
        .contains(
            "Internet (192.0.2.44, outside the cluster) calls:\n  - frontend in namespace shop\n");
  }

  @Test
  void filters_arePassedToTheMapper() {
    CliRunner.Result r =
        cli.run(
            "list",
            "--mapper-url",
            mapper.url(),
            "-n",
            "shop,batch",
            "--namespaces",
            "kafka",
            "--server",
            "orders.shop",
            "--server",
            "api.v2.shop",
            "--exclude-labels",
            "team=infra,canary");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    ListIntentsRequest request = mapper.listRequests().get(0);
    assertThat(request.getNamespacesList()).containsExactly("shop", "batch", "kafka");
    assertThat(request.getServersList()).containsExactly("orders.shop", "api.v2.shop");
    assertThat(request.getExcludeLabelsList()).containsExactly("team=infra", "canary");
  }

  @Test
  void excludeServices_dropsClientsAndServersByNameOrNameDotNamespace() {
    CliRunner.Result r =
        cli.run(
            "list", "--mapper-url", mapper.url(), "--exclude-services", "report-job,postgres.shop");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .doesNotContain("report-job")
        .doesNotContain("postgres")
        .contains("orders in namespace shop calls:");
  }

  @Test
  void emptyMap_saysSoOnStderr_andExitsZero() throws Exception {
    try (FakeMapper empty = new FakeMapper(List.of())) {
      CliRunner.Result r = cli.run("list", "--mapper-url", empty.url());
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).startsWith("No connections found.");
    }
  }
}
