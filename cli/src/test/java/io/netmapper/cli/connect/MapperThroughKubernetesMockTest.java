package io.netmapper.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.Golden;
import io.netmapper.cli.testing.SampleIntents;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default path to the mapper, end to end: kubeconfig discovery, the mapper Service and a ready
 * pod looked up in the fabric8 mock API server (CRUD mode), then a real fabric8 port-forward over a
 * WebSocket that the mock relays to a real gRPC MapperService on loopback. Also every failure on
 * the way, with its message.
 */
class MapperThroughKubernetesMockTest {
  static final String NS = "netmapper-system";
  static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", "netmapper-mapper");

  @TempDir Path home;
  @TempDir Path work;
  PortForwardRelayDispatcher dispatcher;
  KubernetesMockServer server;
  NamespacedKubernetesClient kube;
  FakeMapper mapper;
  Path kubeconfig;
  CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    mapper = new FakeMapper(SampleIntents.all());
    dispatcher = new PortForwardRelayDispatcher();
    dispatcher.podListensOn(mapper.port());
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    kube = server.createClient();
    kubeconfig =
        writeKubeconfig(
            work.resolve("kubeconfig"), server.url("/").toString().replaceAll("/$", ""));
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() throws Exception {
    kube.close();
    server.destroy();
    mapper.close();
  }

  @Test
  void list_throughPortForwardToTheReadyPod_matchesTheDirectOutput() throws Exception {
    installMapper(true);

    CliRunner.Result r = cli.run("list", "--kubeconfig", kubeconfig.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Golden.assertMatches("list.txt", r.out());
    assertThat(dispatcher.forwards()).containsExactly(NS + "/netmapper-mapper-1:9091");
    assertThat(mapper.listRequests()).hasSize(1);
  }

  @Test
  void export_and_reset_workThroughThePortForwardToo() {
    installMapper(true);

    CliRunner.Result export =
        cli.run("export", "--kubeconfig", kubeconfig.toString(), "--format", "json");
    CliRunner.Result reset = cli.run("reset", "--kubeconfig", kubeconfig.toString());

    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out())
        .startsWith("[ {")
        .contains("\"apiVersion\" : \"k8s.otterize.com/v2beta1\"");
    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    assertThat(mapper.resets()).isEqualTo(1);
  }

  @Test
  void kubeconfig_isFoundThroughKUBECONFIG_thenHomeKubeConfig() throws Exception {
    installMapper(true);

    CliRunner.Result viaEnv =
        new CliRunner(home)
            .env("KUBECONFIG", work.resolve("missing") + ":" + kubeconfig)
            .run("list");
    Files.createDirectories(home.resolve(".kube"));
    Files.copy(kubeconfig, home.resolve(".kube/config"));
    CliRunner.Result viaHome = new CliRunner(home).run("list");

    assertThat(viaEnv.exitCode()).as(viaEnv.toString()).isZero();
    assertThat(viaHome.exitCode()).as(viaHome.toString()).isZero();
    assertThat(viaHome.out()).isEqualTo(viaEnv.out()).contains("orders in namespace shop calls:");
  }

  @Test
  void selectorFallback_whenThereAreNoEndpointSlices() {
    installMapper(false);

    CliRunner.Result r = cli.run("list", "--kubeconfig", kubeconfig.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(dispatcher.forwards()).containsExactly(NS + "/netmapper-mapper-1:9091");
  }

  @Test
  void noKubeconfig_saysWhereItLooked_andWhatToDo() {
    CliRunner.Result r = cli.run("list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: no kubeconfig found (looked at "
                + home.resolve(".kube/config")
                + "); point --kubeconfig at one, set KUBECONFIG, or talk to a mapper directly with --mapper-url host:port\n");
  }

  @Test
  void mapperNotInstalled_saysHowToInstallIt() {
    CliRunner.Result r = cli.run("list", "--kubeconfig", kubeconfig.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "error: netmapper is not installed here: no Service netmapper-mapper in namespace"
                + " netmapper-system (context mock at http://")
        .contains(
            "install it with: helm install netmapper ./helm/netmapper -n netmapper-system --create-namespace")
        .doesNotContain("\tat ");
  }

  @Test
  void otherNamespaceAndServiceName_areHonoured() {
    installMapper(true);

    CliRunner.Result r =
        cli.run("list", "--kubeconfig", kubeconfig.toString(), "--mapper-namespace", "tools");

    assertThat(r.err()).contains("no Service netmapper-mapper in namespace tools");
  }

  @Test
  void noReadyPod_namesThePodsItFound() {
    kube.services().inNamespace(NS).resource(service()).create();
    kube.pods().inNamespace(NS).resource(pod("netmapper-mapper-0", false)).create();

    CliRunner.Result r = cli.run("list", "--kubeconfig", kubeconfig.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: the mapper Service netmapper-system/netmapper-mapper has no ready pod"
                + " (netmapper-mapper-0 Running, not ready); check 'kubectl -n netmapper-system get pods' and the mapper"
                + " logs, and wait until it is Ready\n");
    assertThat(dispatcher.forwards()).isEmpty();
  }

  @Test
  void wrongServicePort_listsThePortsTheServiceHas() {
    installMapper(true);

    CliRunner.Result r =
        cli.run("list", "--kubeconfig", kubeconfig.toString(), "--mapper-service-port", "8080");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "Service netmapper-system/netmapper-mapper has no port 8080 (ports: [9090]);"
                + " set --mapper-service-port to one of them");
  }

  @Test
  void forbidden_saysWhichPermissionIsMissing() {
    installMapper(true);
    dispatcher.forbid("/api/v1/namespaces/netmapper-system/services");

    CliRunner.Result r = cli.run("list", "--kubeconfig", kubeconfig.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "error: not allowed to read Service netmapper-system/netmapper-mapper (context mock at")
        .contains("User \"dev\" cannot get resource \"services\"")
        .contains(
            "the CLI needs get/list on services, endpointslices and pods and create on pods/portforward")
        .doesNotContain("\tat ");
  }

  @Test
  void unknownContext_isAUsageError() {
    CliRunner.Result r =
        cli.run("list", "--kubeconfig", kubeconfig.toString(), "--context", "prod");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: context 'prod' is not in kubeconfig "
                + kubeconfig
                + " (contexts: mock, other)\n");
  }

  @Test
  void apiServerDown_saysSo() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path dead = writeKubeconfig(work.resolve("dead"), "http://127.0.0.1:" + closed);

    CliRunner.Result r = cli.run("list", "--kubeconfig", dead.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "error: cannot reach the Kubernetes API server (context mock at http://127.0.0.1:"
                + closed
                + "/) to read Service netmapper-system/netmapper-mapper: ")
        .contains(
            "check the cluster is up and the kubeconfig/--context is right, or use --mapper-url")
        .doesNotContain("\tat ");
  }

  @Test
  void podPortClosed_isReportedAsUnreachableMapperPod() throws Exception {
    installMapper(true);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dispatcher.podListensOn(s.getLocalPort());
    }

    CliRunner.Result r = cli.run("list", "--kubeconfig", kubeconfig.toString(), "--timeout", "5s");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "error: cannot reach the mapper pod netmapper-system/netmapper-mapper-1 (port 9091,"
                + " port-forwarded to localhost:")
        .doesNotContain("\tat ");
    assertThat(dispatcher.forwards()).isNotEmpty();
  }

  /**
   * Service with a named target port, two pods (one not ready) and, optionally, its EndpointSlice.
   */
  private void installMapper(boolean withSlices) {
    kube.services().inNamespace(NS).resource(service()).create();
    kube.pods().inNamespace(NS).resource(pod("netmapper-mapper-0", false)).create();
    kube.pods().inNamespace(NS).resource(pod("netmapper-mapper-1", true)).create();
    if (withSlices) {
      kube.discovery()
          .v1()
          .endpointSlices()
          .inNamespace(NS)
          .resource(
              new EndpointSliceBuilder()
                  .withNewMetadata()
                  .withName("netmapper-mapper-abcde")
                  .addToLabels("kubernetes.io/service-name", "netmapper-mapper")
                  .endMetadata()
                  .withAddressType("IPv4")
                  .addToEndpoints(endpoint("netmapper-mapper-0", "10.0.0.10", false))
                  .addToEndpoints(endpoint("netmapper-mapper-1", "10.0.0.11", true))
                  .addNewPort()
                  .withName("grpc")
                  .withPort(9091)
                  .withProtocol("TCP")
                  .endPort()
                  .build())
          .create();
    }
  }

  private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint(
      String pod, String ip, boolean ready) {
    return new EndpointBuilder()
        .withAddresses(ip)
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .withNewTargetRef()
        .withKind("Pod")
        .withName(pod)
        .withNamespace(NS)
        .endTargetRef()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Service service() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("netmapper-mapper")
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withSelector(SELECTOR)
        .addNewPort()
        .withName("grpc")
        .withPort(9090)
        .withTargetPort(new IntOrString("grpc"))
        .endPort()
        .endSpec()
        .build();
  }

  private static Pod pod(String name, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(SELECTOR)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("mapper")
        .withImage("netmapper/mapper")
        .withPorts(new ContainerPortBuilder().withName("grpc").withContainerPort(9091).build())
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Path writeKubeconfig(Path file, String serverUrl) throws Exception {
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
        - name: other
          context:
            cluster: mock
            user: tester
            namespace: elsewhere
        current-context: mock
        """
            .formatted(serverUrl));
  }
}
