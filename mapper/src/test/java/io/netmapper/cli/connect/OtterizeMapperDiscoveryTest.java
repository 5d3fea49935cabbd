package io.netmapper.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.mapper.testing.MapperUnderTest;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The netmapper CLI against a mapper that speaks only Otterize's GraphQL API: a real netmapper
 * mapper's {@code /query} stands in for Otterize's, reached by URL, and found through Kubernetes as
 * Otterize installs it ({@code otterize-network-mapper} in {@code otterize-system}, fabric8 mock
 * API server, real port-forward relayed to the mapper). The map it prints equals the one gRPC
 * gives.
 */
class OtterizeMapperDiscoveryTest {
  static MapperUnderTest mapper;
  @TempDir static Path home;

  @BeforeAll
  static void start() throws Exception {
    mapper = new MapperUnderTest();
    mapper.pod("shop", "frontend-1", "Deployment", "frontend", "10.244.1.10");
    mapper.pod("shop", "cart-1", "Deployment", "cart", "10.244.1.20");
    // reported as Otterize's sniffer does
    String t = Instant.now().toString();
    String body =
        """
        {"query": "mutation r($results: CaptureTCPResults!) { reportTCPCaptureResults(results: $results) }",
         "variables": {"results": {"results": [{"srcIp": "10.244.1.10", "srcHostname": "frontend-1",
           "destinations": [{"destination": "10.244.1.20", "destinationPort": 8080,
                             "lastSeen": "%s", "srcPorts": [40000]}]}]}}}
        """
            .formatted(t);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + mapper.address() + "/query"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).contains("\"reportTCPCaptureResults\":true");
    await().atMost(Duration.ofSeconds(15)).until(() -> !mapper.intents().isEmpty());
  }

  @AfterAll
  static void stop() {
    mapper.close();
  }

  @Test
  void listOverGraphQlUrl_printsTheSameMapAsGrpc() {
    CliRunner cli = new CliRunner(home);
    CliRunner.Result grpc = cli.run("list", "--mapper-url", mapper.address());
    CliRunner.Result gql = cli.run("list", "--mapper-url", "http://" + mapper.address() + "/query");
    // without /query, http://host:port is the gRPC address, as it always was
    CliRunner.Result base = cli.run("list", "--mapper-url", "http://" + mapper.address());
    assertThat(base.out()).isEqualTo(grpc.out());
    assertThat(gql.exitCode()).as(gql.toString()).isZero();
    assertThat(gql.out())
        .isEqualTo(withoutPorts(grpc.out()))
        .contains("frontend in namespace shop calls:\n  - cart in namespace shop\n");
    CliRunner.Result otterize =
        cli.run(
            "network-mapper",
            "list",
            "--format",
            "otterize",
            "--mapper-url",
            "http://" + mapper.address() + "/query");
    assertThat(otterize.out()).isEqualTo("frontend in namespace shop calls:\n  - cart\n");
    CliRunner.Result export =
        cli.run(
            "export", "--format", "json", "--mapper-url", "http://" + mapper.address() + "/query");
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out()).contains("\"name\" : \"cart\"");
  }

  @Test
  void otterizeInstall_isFoundAndSpokenToOverGraphQl() throws Exception {
    PortForwardRelayDispatcher dispatcher = new PortForwardRelayDispatcher();
    dispatcher.podListensOn(mapper.mapper.port());
    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    try (NamespacedKubernetesClient kube = api.createClient()) {
      installOtterize(kube);
      Path kubeconfig = kubeconfig(home.resolve("kubeconfig"), api.url("/").replaceAll("/$", ""));
      CliRunner cli = new CliRunner(home);
      CliRunner.Result list = cli.run("list", "--kubeconfig", kubeconfig.toString());
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.out())
          .isEqualTo(withoutPorts(cli.run("list", "--mapper-url", mapper.address()).out()))
          .contains("frontend in namespace shop calls:");
      assertThat(dispatcher.forwards())
          .containsExactly("otterize-system/otterize-network-mapper-0:9090");
      // no mapper at all: the message still names netmapper's Service
      kube.services().inNamespace("otterize-system").withName("otterize-network-mapper").delete();
      CliRunner.Result none = cli.run("list", "--kubeconfig", kubeconfig.toString());
      assertThat(none.exitCode()).isEqualTo(1);
      assertThat(none.err()).contains("no Service netmapper-mapper");
    } finally {
      api.destroy();
    }
  }

  /** Otterize's schema has no ports: the one detail gRPC gives here that GraphQL cannot. */
  private static String withoutPorts(String listing) {
    return listing.replaceAll("(?m)^ +- ports: .*\\n", "");
  }

  private static void installOtterize(NamespacedKubernetesClient kube) {
    String ns = "otterize-system";
    Map<String, String> selector = Map.of("app", "otterize-network-mapper");
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    kube.services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("otterize-network-mapper")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withSelector(selector)
                .addNewPort()
                .withName("http")
                .withPort(9090)
                .withTargetPort(new IntOrString(9090))
                .endPort()
                .endSpec()
                .build())
        .create();
    kube.pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("otterize-network-mapper-0")
                .withNamespace(ns)
                .withLabels(selector)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("mapper")
                .withImage("otterize/network-mapper")
                .withPorts(new ContainerPortBuilder().withContainerPort(9090).build())
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
  }

  private static Path kubeconfig(Path file, String server) throws Exception {
    return Files.writeString(
        file,
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
            .formatted(server));
  }
}
