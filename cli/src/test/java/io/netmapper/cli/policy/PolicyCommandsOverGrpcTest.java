package io.netmapper.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.InternetRef;
import io.netmapper.api.v1.Peer;
import io.netmapper.api.v1.WorkloadRef;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format networkpolicy} and {@code policy check} against a real gRPC MapperService
 * on loopback.
 */
class PolicyCommandsOverGrpcTest {
  @TempDir Path home;
  @TempDir Path work;
  FakeMapper mapper;
  CliRunner cli;

  static Peer workload(String name, String ns) {
    return Peer.newBuilder()
        .setWorkload(WorkloadRef.newBuilder().setName(name).setNamespace(ns).setKind("Deployment"))
        .build();
  }

  static List<Intent> intents() {
    return List.of(
        // a Service port 80 in front of target port 8080: the policy must say 8080
        Intent.newBuilder()
            .setClient(workload("web", "shop"))
            .setServer(workload("catalog", "shop"))
            .addPorts(80)
            .addTargetPorts(8080)
            .addServiceNames("catalog.shop")
            .putAllClientLabels(Map.of("app", "web", "pod-template-hash", "abc"))
            .putAllServerLabels(Map.of("app", "catalog"))
            .build(),
        Intent.newBuilder()
            .setClient(workload("web", "shop"))
            .setServer(
                Peer.newBuilder()
                    .setInternet(
                        InternetRef.newBuilder()
                            .addDomains("api.partner.example")
                            .addIps("203.0.113.10")))
            .addPorts(443)
            .addTargetPorts(443)
            .putAllClientLabels(Map.of("app", "web"))
            .build(),
        Intent.newBuilder()
            .setClient(workload("node-agent", "monitoring"))
            .setClientHostNetwork(true)
            .addClientAddresses("172.18.0.2")
            .setServer(workload("collector", "monitoring"))
            .addPorts(4317)
            .addTargetPorts(4317)
            .putAllServerLabels(Map.of("app", "collector"))
            .build());
  }

  @BeforeEach
  void start() throws Exception {
    mapper = new FakeMapper(intents());
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() throws Exception {
    mapper.close();
  }

  @Test
  void export_writesOneFilePerNamespace_onTargetPorts_andAsksForAllLabels() throws Exception {
    Path dir = work.resolve("policies");
    CliRunner.Result r =
        cli.run(
            "export",
            "--format",
            "networkpolicy",
            "--default-deny",
            "--mapper-url",
            mapper.url(),
            "-o",
            dir.toString(),
            "--output-type",
            "dir");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(mapper.listRequests().get(0).getIncludeAllLabels()).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("monitoring.yaml", "shop.yaml");
    }
    String shop = Files.readString(dir.resolve("shop.yaml"));
    assertThat(shop)
        .contains("name: \"netmapper-catalog-ingress\"")
        .contains("port: 8080")
        .doesNotContain("port: 80\n")
        .doesNotContain("pod-template-hash")
        .contains("cidr: \"203.0.113.10/32\"")
        .contains("name: \"netmapper-default-deny\"");
    assertThat(Files.readString(dir.resolve("monitoring.yaml")))
        .contains("# hostNetwork workload node-agent.monitoring cannot be selected")
        .contains("cidr: \"172.18.0.2/32\"");
    assertThat(r.err())
        .contains("warning: hostNetwork workload node-agent.monitoring cannot be selected")
        .contains("Wrote 5 NetworkPolicies into 2 file(s)");
  }

  @Test
  void export_toStdout_withoutEgress() {
    CliRunner.Result r =
        cli.run(
            "export", "--format", "networkpolicy", "--egress=false", "--mapper-url", mapper.url());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("kind: \"NetworkPolicy\"").doesNotContain("-egress");
  }

  @Test
  void check_passesOnTheGeneratedPolicies_andFailsWhenAFlowIsBlocked() throws Exception {
    Path dir = work.resolve("policies");
    assertThat(
            cli.run(
                    "export",
                    "--format",
                    "networkpolicy",
                    "--default-deny",
                    "--mapper-url",
                    mapper.url(),
                    "-o",
                    dir.toString(),
                    "--output-type",
                    "dir")
                .exitCode())
        .isZero();
    CliRunner.Result ok =
        cli.run("policy", "check", "-f", dir.toString(), "--mapper-url", mapper.url());
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("3 observed flows, 5 policies: 3 allowed, 0 blocked");

    // move web -> catalog to another port (its egress and catalog's ingress): the check must say
    // so and exit 1
    Files.writeString(
        dir.resolve("shop.yaml"),
        Files.readString(dir.resolve("shop.yaml")).replace("port: 8080", "port: 8081"));
    CliRunner.Result blocked =
        cli.run("policy", "check", "-f", dir.toString(), "--mapper-url", mapper.url(), "-v");
    assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
    assertThat(blocked.out())
        .contains("BLOCKED      web.shop -> catalog.shop port 8080")
        .contains(
            "egress of the client: no rule of shop/netmapper-default-deny,"
                + " shop/netmapper-web-egress allows it")
        .contains("ALLOWED      web.shop -> api.partner.example port 443")
        .contains("2 allowed, 1 blocked");
  }

  @Test
  void check_needsExactlyOneSourceOfPolicies() {
    CliRunner.Result r = cli.run("policy", "check", "--mapper-url", mapper.url());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("give either -f/--filename or --from-cluster");
  }
}
