package io.netmapper.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy check --from-cluster}: the NetworkPolicies and namespace labels come from the API
 * server (fabric8's CRUD mock), the map from a real gRPC mapper.
 */
class PolicyCheckFromClusterTest {
  @TempDir Path home;
  @TempDir Path work;
  FakeMapper mapper;
  KubernetesMockServer server;
  KubernetesClient kube;
  Path kubeconfig;
  CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    mapper = new FakeMapper(PolicyCommandsOverGrpcTest.intents());
    Map<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
        responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    kube = server.createClient();
    kubeconfig =
        Files.writeString(
            work.resolve("kubeconfig"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: mock
              cluster:
                server: %s
            users:
            - name: tester
              user:
                token: test-token
            contexts:
            - name: mock
              context:
                cluster: mock
                user: tester
            current-context: mock
            """
                .formatted(server.url("/").toString().replaceAll("/$", "")));
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() throws Exception {
    kube.close();
    server.destroy();
    mapper.close();
  }

  @Test
  void fromCluster_evaluatesTheLivePolicies_withTheNamespacesRealLabels() throws Exception {
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
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    for (var p : PolicyFiles.read(java.util.List.of(dir.resolve("shop.yaml")))) {
      kube.resource(p).create();
    }
    // only shop is locked down in the cluster: monitoring has no policy yet
    CliRunner.Result r =
        cli.run(
            "policy",
            "check",
            "--from-cluster",
            "--kubeconfig",
            kubeconfig.toString(),
            "--mapper-url",
            mapper.url());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("3 observed flows, 3 policies: 3 allowed, 0 blocked");

    // a deny-all in monitoring (from the cluster) blocks node-agent -> collector
    kube.resource(
            PolicyFiles.parse(
                    """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny, namespace: monitoring}
                    spec: {podSelector: {}, policyTypes: [Ingress]}
                    """,
                    "test")
                .get(0))
        .create();
    CliRunner.Result blocked =
        cli.run(
            "policy",
            "check",
            "--from-cluster",
            "--kubeconfig",
            kubeconfig.toString(),
            "--mapper-url",
            mapper.url());
    assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
    assertThat(blocked.out())
        .contains(
            "BLOCKED      node-agent.monitoring (hostNetwork) -> collector.monitoring port 4317")
        .contains("no rule of monitoring/deny allows it");
  }
}
