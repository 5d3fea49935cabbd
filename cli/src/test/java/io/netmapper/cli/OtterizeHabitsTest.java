package io.netmapper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.SampleIntents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an Otterize user types, against a real gRPC MapperService on loopback. */
class OtterizeHabitsTest {
  @TempDir Path home;
  @TempDir Path work;
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
  void networkMapperAndMapper_areAliasesOfTheTopLevelCommands() {
    CliRunner.Result plain = cli.run("list", "--mapper-url", mapper.url());
    CliRunner.Result group = cli.run("network-mapper", "list", "--mapper-url", mapper.url());
    CliRunner.Result alias = cli.run("--debug", "mapper", "list", "--mapper-url", mapper.url());
    assertThat(group.exitCode()).as(group.toString()).isZero();
    assertThat(alias.exitCode()).as(alias.toString()).isZero();
    assertThat(group.out()).isEqualTo(plain.out()).isEqualTo(alias.out()).isNotEmpty();
    CliRunner.Result reset = cli.run("network-mapper", "reset", "--mapper-url", mapper.url());
    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    assertThat(mapper.resets()).isEqualTo(1);
    CliRunner.Result bare = cli.run("network-mapper");
    assertThat(bare.exitCode()).isEqualTo(2);
    assertThat(bare.err()).contains("missing command");
  }

  @Test
  void misspeltCommand_suggestsTheRightOne() {
    CliRunner.Result r = cli.run("lsit");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("did you mean 'list'");
    CliRunner.Result nested = cli.run("network-mapper", "exprot");
    assertThat(nested.err()).contains("did you mean 'export'");
    CliRunner.Result option = cli.run("list", "--namespace", "shop");
    assertThat(option.err()).contains("did you mean '--namespaces'");
  }

  @Test
  void otterizeEnvironment_isUsedWhenTheNetmapperOneIsUnset() throws Exception {
    CliRunner.Result viaOtterize =
        new CliRunner(home).env("OTTERIZE_MAPPER_URL", mapper.url()).run("list");
    assertThat(viaOtterize.exitCode()).as(viaOtterize.toString()).isZero();
    assertThat(viaOtterize.out()).contains("orders in namespace shop calls:");
    CliRunner.Result netmapperWins =
        new CliRunner(home)
            .env("OTTERIZE_MAPPER_URL", "127.0.0.1:1")
            .env("NETMAPPER_MAPPER_URL", mapper.url())
            .run("list");
    assertThat(netmapperWins.exitCode()).as(netmapperWins.toString()).isZero();
    CliRunner.Result namespaces =
        new CliRunner(home)
            .env("OTTERIZE_NAMESPACES", "shop")
            .run("list", "--mapper-url", mapper.url());
    assertThat(namespaces.exitCode()).isZero();
    assertThat(mapper.listRequests().get(mapper.listRequests().size() - 1).getNamespacesList())
        .containsExactly("shop");
  }

  @Test
  void configFlag_readsThatFile_andAMissingOneIsAUsageError() throws Exception {
    Path config = work.resolve("otterize.yaml");
    Files.writeString(config, "mapper-url: " + mapper.url() + "\n");
    CliRunner.Result r = cli.run("--config", config.toString(), "list");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("frontend in namespace shop calls:");
    CliRunner.Result eq = cli.run("list", "--config=" + config);
    assertThat(eq.exitCode()).as(eq.toString()).isZero();
    CliRunner.Result missing = cli.run("--config", work.resolve("nope.yaml").toString(), "list");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--config").contains("no such file");
  }

  @Test
  void quiet_silencesNotesButNotResults() throws Exception {
    try (FakeMapper empty = new FakeMapper(List.of())) {
      CliRunner.Result loud = cli.run("list", "--mapper-url", empty.url());
      CliRunner.Result quiet = cli.run("-q", "list", "--mapper-url", empty.url());
      CliRunner.Result quietLong = cli.run("list", "--quiet", "--mapper-url", empty.url());
      assertThat(loud.err()).contains("No connections found");
      assertThat(quiet.exitCode()).isZero();
      assertThat(quiet.err()).isEmpty();
      assertThat(quietLong.err()).isEmpty();
    }
    Path out = work.resolve("map.dot");
    CliRunner.Result drawn =
        cli.run("visualize", "-q", "--output-path", out.toString(), "--mapper-url", mapper.url());
    assertThat(drawn.exitCode()).as(drawn.toString()).isZero();
    assertThat(drawn.err()).isEmpty();
    assertThat(Files.readString(out)).startsWith("digraph");
  }

  @Test
  void visualize_writesJpegAsOtterizeDoes() throws Exception {
    Path jpg = work.resolve("map.jpg");
    CliRunner.Result r =
        cli.run("visualize", "--output-path", jpg.toString(), "--mapper-url", mapper.url());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    byte[] bytes = Files.readAllBytes(jpg);
    // JPEG SOI marker
    assertThat(bytes[0] & 0xff).isEqualTo(0xff);
    assertThat(bytes[1] & 0xff).isEqualTo(0xd8);
    Path any = work.resolve("map.out");
    CliRunner.Result jpeg =
        cli.run(
            "visualize", "-o", any.toString(), "--format", "jpeg", "--mapper-url", mapper.url());
    assertThat(jpeg.exitCode()).as(jpeg.toString()).isZero();
    assertThat(Files.readAllBytes(any)[1] & 0xff).isEqualTo(0xd8);
  }

  @Test
  void listFormatOtterize_printsOtterizesLines() {
    CliRunner.Result r = cli.run("list", "--format", "otterize", "--mapper-url", mapper.url());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            frontend in namespace shop calls:
              - catalog in namespace catalog
              - orders
                - path /orders, methods: [GET POST]
                - path /orders/{id}, methods: [GET]
            orders in namespace shop calls:
              - kafka in namespace kafka
                - Kafka topic: orders, operations: [describe produce]
                - Kafka topic: payments, operations: [consume]
              - postgres
            report-job in namespace batch calls:
              - orders in namespace shop
                - path /reports, methods: [GET HEAD]
            """);
    CliRunner.Result bad = cli.run("list", "--format", "yaml", "--mapper-url", mapper.url());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("accepted values: text, otterize");
  }

  @Test
  void asKubernetesService_namesServersByTheServiceCalled() {
    CliRunner.Result r =
        cli.run(
            "list",
            "--as-kubernetes-service",
            "--format",
            "otterize",
            "-n",
            "shop",
            "--mapper-url",
            mapper.url());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("  - catalog-api in namespace catalog\n");
    assertThat(r.out()).doesNotContain("- catalog in namespace");
    Path dot = work.resolve("svc.dot");
    CliRunner.Result v =
        cli.run(
            "visualize",
            "-o",
            dot.toString(),
            "--as-kubernetes-service",
            "--mapper-url",
            mapper.url());
    assertThat(v.exitCode()).as(v.toString()).isZero();
  }

  @Test
  void distinctByLabel_groupsClientsSharingTheLabelValue() throws Exception {
    Intent v1 =
        SampleIntents.intent(
                SampleIntents.workload("frontend-v1", "shop", "Deployment"),
                SampleIntents.workload("orders", "shop", "Deployment"),
                IntentType.INTENT_TYPE_TCP,
                8080)
            .putClientLabels("app", "frontend")
            .build();
    Intent v2 =
        SampleIntents.intent(
                SampleIntents.workload("frontend-v2", "shop", "Deployment"),
                SampleIntents.workload("orders", "shop", "Deployment"),
                IntentType.INTENT_TYPE_TCP,
                8443)
            .putClientLabels("app", "frontend")
            .build();
    Intent other =
        SampleIntents.intent(
                SampleIntents.workload("loadgen", "shop", "Deployment"),
                SampleIntents.workload("orders", "shop", "Deployment"),
                IntentType.INTENT_TYPE_TCP,
                8080)
            .build();
    try (FakeMapper labelled = new FakeMapper(List.of(v1, v2, other))) {
      CliRunner.Result r =
          cli.run("list", "--distinct-by-label", "app", "--mapper-url", labelled.url());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out())
          .isEqualTo(
              """
              frontend [app=frontend: frontend-v1, frontend-v2] in namespace shop calls:
                - orders in namespace shop
                  - ports: 8080, 8443
              loadgen in namespace shop calls:
                - orders in namespace shop
                  - ports: 8080
              """);
      assertThat(labelled.listRequests().get(0).getIncludeLabelsList()).containsExactly("app");
    }
  }

  @Test
  void completion_fishAndPowerShell_coverEveryCommandAndOption() {
    CliRunner.Result fish = cli.run("completion", "fish");
    assertThat(fish.exitCode()).isZero();
    assertThat(fish.out())
        .contains("complete -c netmapper -n '__fish_use_subcommand' -a list")
        .contains("complete -c netmapper -n '__fish_use_subcommand' -a network-mapper")
        .contains("-n '__fish_seen_subcommand_from list' -s n -l namespaces -r")
        .contains("-l distinct-by-label")
        .contains("-s q -l quiet");
    CliRunner.Result ps = cli.run("completion", "powershell");
    assertThat(ps.exitCode()).isZero();
    assertThat(ps.out())
        .contains("Register-ArgumentCompleter -Native -CommandName 'netmapper'")
        .contains("'network-mapper list' = @(")
        .contains("'--distinct-by-label'")
        .contains("'list' = @(");
  }
}
