package io.netmapper.aws.webhook;

import static io.netmapper.aws.webhook.WebhookTestSupport.applyPatch;
import static io.netmapper.aws.webhook.WebhookTestSupport.createPod;
import static io.netmapper.aws.webhook.WebhookTestSupport.response;
import static io.netmapper.aws.webhook.WebhookTestSupport.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AdmissionReviews POSTed over real HTTPS to the running webhook, with fabric8's CRUD mock API. */
@EnableKubernetesMockClient(crud = true)
class AdmissionWebhookHttpsTest {

  static KubernetesClient client;

  private static final String DNS_IP = "10.96.0.53";
  private static final String BUNDLE = "/etc/netmapper/aws/bundle.pem";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private TestPki pki;
  private WebhookTestSupport support;
  private AdmissionWebhook webhook;

  /** Key generation dominates a test's time: one PKI for the class. */
  private static TestPki sharedPki;

  @org.junit.jupiter.api.BeforeAll
  static void pki() throws Exception {
    sharedPki = new TestPki();
  }

  @BeforeEach
  void setUp() throws Exception {
    pki = sharedPki;
    support = new WebhookTestSupport(pki);
    webhook = start(client, 0);
  }

  @AfterEach
  void tearDown() {
    webhook.close();
    executor.shutdownNow();
  }

  @Test
  void otterizeLabel_mountsBundleSetsEnvAndDnsInEveryContainer() throws Exception {
    Pod pod =
        pod("team-a", "api", Map.of(PodMutator.LABEL_OTTERIZE, "true"))
            .editSpec()
            .addNewInitContainer()
            .withName("migrate")
            .withImage("flyway")
            .endInitContainer()
            .addNewContainer()
            .withName("sidecar")
            .withImage("envoy")
            .endContainer()
            .endSpec()
            .build();
    var http = support.post(webhook.port(), createPod("uid-1", pod));
    assertThat(http.statusCode()).isEqualTo(200);
    AdmissionResponse response = response(http);
    assertThat(response.getUid()).isEqualTo("uid-1");
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatchType()).isEqualTo("JSONPatch");

    // only additions and replacements: the patch never removes anything the user wrote
    assertThat(WebhookTestSupport.decodedPatch(response))
        .doesNotContain("\"remove\"")
        .doesNotContain("\"move\"")
        .doesNotContain("\"copy\"")
        .contains("\"add\"");
    Pod patched = applyPatch(pod, response);
    assertThat(patched.getSpec().getVolumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo(PodMutator.VOLUME);
              assertThat(v.getConfigMap().getName()).isEqualTo("netmapper-aws-ca-bundle");
            });
    List<Container> all = new java.util.ArrayList<>(patched.getSpec().getContainers());
    all.addAll(patched.getSpec().getInitContainers());
    assertThat(all)
        .hasSize(3)
        .allSatisfy(
            c -> {
              assertThat(c.getVolumeMounts())
                  .anySatisfy(
                      m -> {
                        assertThat(m.getMountPath()).isEqualTo("/etc/netmapper/aws");
                        assertThat(m.getReadOnly()).isTrue();
                      });
              assertThat(env(c, "AWS_CA_BUNDLE")).isEqualTo(BUNDLE);
              assertThat(env(c, "REQUESTS_CA_BUNDLE")).isEqualTo(BUNDLE);
              assertThat(env(c, "SSL_CERT_FILE")).isEqualTo(BUNDLE);
              assertThat(env(c, "NODE_EXTRA_CA_CERTS")).isEqualTo("/etc/netmapper/aws/ca.pem");
              assertThat(env(c, "JAVA_TOOL_OPTIONS"))
                  .isEqualTo(
                      "-Djavax.net.ssl.trustStore=/etc/netmapper/aws/truststore.p12"
                          + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12");
            });
    assertThat(env(patched.getSpec().getContainers().get(0), "LOG_LEVEL")).isEqualTo("debug");
    assertThat(patched.getSpec().getDnsPolicy()).isEqualTo("None");
    assertThat(patched.getSpec().getDnsConfig().getNameservers()).containsExactly(DNS_IP);
    assertThat(patched.getSpec().getDnsConfig().getSearches())
        .containsExactly("team-a.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(patched.getSpec().getDnsConfig().getOptions())
        .containsExactly(new PodDNSConfigOption("ndots", "5"));
    assertThat(patched.getMetadata().getAnnotations())
        .containsEntry(PodMutator.MUTATED_ANNOTATION, "true")
        .containsEntry("team", "payments");

    ConfigMap cm =
        client.configMaps().inNamespace("team-a").withName("netmapper-aws-ca-bundle").get();
    assertThat(cm.getData())
        .containsEntry("ca.pem", pki.caPem)
        .containsEntry("bundle.pem", pki.bundle.trustBundlePem());
    assertThat(Base64.getDecoder().decode(cm.getBinaryData().get("truststore.p12")))
        .isEqualTo(pki.bundle.javaTrustStore());
    assertThat(count("mutated")).isEqualTo(1);
  }

  @Test
  void netmapperLabel_isPatchedToo() throws Exception {
    Pod pod = pod("team-b", "worker", Map.of(PodMutator.LABEL_NETMAPPER, "true")).build();
    AdmissionResponse response = response(support.post(webhook.port(), createPod("u", pod)));
    assertThat(applyPatch(pod, response).getSpec().getDnsConfig().getSearches())
        .startsWith("team-b.svc.cluster.local");
    assertThat(client.configMaps().inNamespace("team-b").withName("netmapper-aws-ca-bundle").get())
        .isNotNull();
  }

  @Test
  void dryRun_returnsThePatch_butWritesNoConfigMap() throws Exception {
    Pod pod = pod("team-dry", "worker", Map.of(PodMutator.LABEL_NETMAPPER, "true")).build();
    String review =
        createPod("u-dry", pod)
            .replace("\"operation\":\"CREATE\"", "\"dryRun\":true,\"operation\":\"CREATE\"");
    assertThat(review).contains("\"dryRun\":true");
    AdmissionResponse response = response(support.post(webhook.port(), review));
    assertThat(applyPatch(pod, response).getSpec().getDnsPolicy()).isEqualTo("None");
    assertThat(client.configMaps().inNamespace("team-dry").list().getItems()).isEmpty();
  }

  @Test
  void unlabelledOrFalse_isAllowedWithoutPatch_andNoConfigMap() throws Exception {
    for (Map<String, String> labels :
        List.of(
            Map.<String, String>of(),
            Map.of(PodMutator.LABEL_OTTERIZE, "false"),
            Map.of(PodMutator.LABEL_NETMAPPER, "yes"))) {
      Pod pod = pod("team-c", "web", labels).build();
      AdmissionResponse response = response(support.post(webhook.port(), createPod("u2", pod)));
      assertThat(response.getAllowed()).isTrue();
      assertThat(response.getUid()).isEqualTo("u2");
      assertThat(response.getPatch()).isNull();
    }
    assertThat(count("skipped_unlabelled")).isEqualTo(3);
    assertThat(client.configMaps().inNamespace("team-c").list().getItems()).isEmpty();
  }

  @Test
  void existingJavaToolOptionsAndUserCaBundle_appendOrKeep() throws Exception {
    Pod pod =
        pod("team-d", "jvm", Map.of(PodMutator.LABEL_OTTERIZE, "true"))
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("JAVA_TOOL_OPTIONS")
            .withValue("-Xmx256m ")
            .endEnv()
            .addNewEnv()
            .withName("AWS_CA_BUNDLE")
            .withValue("/corp/ca.pem")
            .endEnv()
            .endContainer()
            .addNewContainer()
            .withName("from-ref")
            .withImage("jvm")
            .addNewEnv()
            .withName("JAVA_TOOL_OPTIONS")
            .withNewValueFrom()
            .withNewConfigMapKeyRef()
            .withName("jvm-opts")
            .withKey("opts")
            .endConfigMapKeyRef()
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();
    Pod patched = applyPatch(pod, response(support.post(webhook.port(), createPod("u", pod))));
    Container first = patched.getSpec().getContainers().get(0);
    assertThat(env(first, "JAVA_TOOL_OPTIONS"))
        .startsWith("-Xmx256m -Djavax.net.ssl.trustStore=")
        .endsWith("-Djavax.net.ssl.trustStoreType=PKCS12");
    assertThat(env(first, "AWS_CA_BUNDLE")).isEqualTo("/corp/ca.pem");
    assertThat(env(first, "REQUESTS_CA_BUNDLE")).isEqualTo(BUNDLE);
    Container fromRef = patched.getSpec().getContainers().get(1);
    EnvVar jto =
        fromRef.getEnv().stream()
            .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
            .findFirst()
            .orElseThrow();
    assertThat(jto.getValue()).isNull();
    assertThat(jto.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("jvm-opts");
    assertThat(fromRef.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .hasSize(1);
    assertThat(kept("java_tool_options_value_from")).isEqualTo(1);
    assertThat(kept("user_aws_ca_bundle")).isEqualTo(1);
  }

  @Test
  void existingDnsConfig_keepsOptionsAndSearches_replacesNameservers() throws Exception {
    Pod pod =
        pod("team-e", "dns", Map.of(PodMutator.LABEL_OTTERIZE, "true"))
            .editSpec()
            .withDnsPolicy("None")
            .withNewDnsConfig()
            .withNameservers("192.0.2.10")
            .withSearches("corp.example", "svc.cluster.local")
            .addNewOption()
            .withName("timeout")
            .withValue("2")
            .endOption()
            .addNewOption()
            .withName("ndots")
            .withValue("2")
            .endOption()
            .endDnsConfig()
            .endSpec()
            .build();
    Pod patched = applyPatch(pod, response(support.post(webhook.port(), createPod("u", pod))));
    var dns = patched.getSpec().getDnsConfig();
    assertThat(dns.getNameservers()).containsExactly(DNS_IP);
    assertThat(dns.getSearches())
        .containsExactly(
            "team-e.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example");
    assertThat(dns.getOptions())
        .containsExactly(
            new PodDNSConfigOption("timeout", "2"), new PodDNSConfigOption("ndots", "2"));
  }

  @Test
  void hostNetworkPod_getsTrustButKeepsItsDns() throws Exception {
    Pod pod =
        pod("team-f", "agent", Map.of(PodMutator.LABEL_OTTERIZE, "true"))
            .editSpec()
            .withHostNetwork(true)
            .withDnsPolicy("ClusterFirstWithHostNet")
            .endSpec()
            .build();
    Pod patched = applyPatch(pod, response(support.post(webhook.port(), createPod("u", pod))));
    assertThat(patched.getSpec().getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(patched.getSpec().getDnsConfig()).isNull();
    assertThat(env(patched.getSpec().getContainers().get(0), "AWS_CA_BUNDLE")).isEqualTo(BUNDLE);
    assertThat(kept("host_network_dns")).isEqualTo(1);
  }

  @Test
  void reinvocation_ofMutatedPod_isNotPatchedTwice() throws Exception {
    Pod pod = pod("team-g", "api", Map.of(PodMutator.LABEL_OTTERIZE, "true")).build();
    Pod patched = applyPatch(pod, response(support.post(webhook.port(), createPod("u1", pod))));
    AdmissionResponse again = response(support.post(webhook.port(), createPod("u2", patched)));
    assertThat(again.getAllowed()).isTrue();
    assertThat(again.getPatch()).isNull();
    assertThat(count("skipped_already")).isEqualTo(1);
  }

  @Test
  void updateDeleteAndOtherKinds_areAllowedWithoutPatch() throws Exception {
    Pod pod = pod("team-h", "api", Map.of(PodMutator.LABEL_OTTERIZE, "true")).build();
    for (String op : List.of("UPDATE", "DELETE", "CONNECT")) {
      AdmissionResponse r =
          response(support.post(webhook.port(), review("u", op, "team-h", pod, "Pod")));
      assertThat(r.getAllowed()).isTrue();
      assertThat(r.getPatch()).isNull();
    }
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("d")
            .withNamespace("team-h")
            .addToLabels(PodMutator.LABEL_OTTERIZE, "true")
            .endMetadata()
            .build();
    AdmissionResponse r =
        response(
            support.post(
                webhook.port(), review("u", "CREATE", "team-h", deployment, "Deployment")));
    assertThat(r.getAllowed()).isTrue();
    assertThat(r.getPatch()).isNull();
    assertThat(count("skipped_not_create")).isEqualTo(3);
    assertThat(count("skipped_not_pod")).isEqualTo(1);
  }

  @Test
  void malformedReviews_are400_andCounted_andServerKeepsServing() throws Exception {
    List<String> bodies =
        List.of(
            "not json",
            "{}",
            "[1,2]",
            "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\"}}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\","
                + "\"operation\":\"CREATE\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
                + "\"object\":{\"spec\":\"nonsense\"}}}");
    for (String body : bodies) {
      var http = support.post(webhook.port(), body);
      assertThat(http.statusCode()).as(body).isEqualTo(400);
      assertThat(http.body()).isNotBlank();
    }
    assertThat(count("malformed")).isEqualTo(bodies.size());
    Pod pod = pod("team-i", "api", Map.of(PodMutator.LABEL_OTTERIZE, "true")).build();
    assertThat(response(support.post(webhook.port(), createPod("ok", pod))).getPatch()).isNotNull();
  }

  @Test
  void staleConfigMap_isUpdated_andVerifiedNamespaceIsCachedUntilRecheck() throws Exception {
    client
        .configMaps()
        .inNamespace("team-j")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("netmapper-aws-ca-bundle")
                .endMetadata()
                .addToData("ca.pem", "old")
                .build())
        .create();
    Pod pod = pod("team-j", "api", Map.of(PodMutator.LABEL_OTTERIZE, "true")).build();
    support.post(webhook.port(), createPod("u1", pod));
    var cms = client.configMaps().inNamespace("team-j").withName("netmapper-aws-ca-bundle");
    assertThat(cms.get().getData()).containsEntry("ca.pem", pki.caPem);

    cms.delete();
    support.post(webhook.port(), createPod("u2", pod));
    assertThat(cms.get()).as("verified 0 s ago: not read again").isNull();
    now.set(now.get().plus(Duration.ofSeconds(31)));
    support.post(webhook.port(), createPod("u3", pod));
    assertThat(cms.get()).as("after the recheck interval it is recreated").isNotNull();
  }

  @Test
  void apiServerUnreachable_allowsPodUnpatched_countedBundleUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (KubernetesClient down =
        new KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + closedPort)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(1000)
                    .build())
            .build()) {
      webhook.close();
      webhook = start(down, 0);
      Pod pod = pod("team-k", "api", Map.of(PodMutator.LABEL_OTTERIZE, "true")).build();
      var http = support.post(webhook.port(), createPod("u", pod));
      assertThat(http.statusCode()).isEqualTo(200);
      assertThat(response(http).getAllowed()).isTrue();
      assertThat(response(http).getPatch()).isNull();
      assertThat(count("bundle_unavailable")).isEqualTo(1);
    }
  }

  @Test
  void portInUse_isAClearStartupError() {
    AdmissionWebhook second =
        new AdmissionWebhook(
            new WebhookConfig(
                webhook.port(),
                "netmapper-aws-ca-bundle",
                DNS_IP,
                "cluster.local",
                "netmapper-aws",
                Duration.ofSeconds(30)),
            ServingTls.ofPem(pki.serverKeyPem, pki.serverChainPem),
            () -> pki.bundle,
            client,
            registry,
            Clock.systemUTC(),
            executor);
    assertThatThrownBy(second::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(String.valueOf(webhook.port()));
  }

  @Test
  void config_rejectsBadValues() {
    assertThatThrownBy(() -> WebhookConfig.of("kube-dns.kube-system", "x"))
        .hasMessageContaining("dnsServiceIp");
    assertThatThrownBy(
            () -> new WebhookConfig(9443, "Bad_Name", DNS_IP, "cluster.local", "x", Duration.ZERO))
        .hasMessageContaining("bundleConfigMapName");
    assertThat(WebhookConfig.of("fd00::a", "x").port()).isEqualTo(9443);
  }

  private AdmissionWebhook start(KubernetesClient k8s, int port) {
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    AdmissionWebhook w =
        new AdmissionWebhook(
            new WebhookConfig(
                port,
                "netmapper-aws-ca-bundle",
                DNS_IP,
                "cluster.local",
                "netmapper-aws",
                Duration.ofSeconds(30)),
            ServingTls.ofPem(pki.serverKeyPem, pki.serverChainPem),
            () -> pki.bundle,
            k8s,
            registry,
            clock,
            executor);
    w.start();
    return w;
  }

  private static PodBuilder pod(String namespace, String name, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .addToAnnotations("team", "payments")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("app:1")
        .addNewEnv()
        .withName("LOG_LEVEL")
        .withValue("debug")
        .endEnv()
        .endContainer()
        .endSpec();
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private double count(String outcome) {
    var c = registry.find("netmapper_aws_webhook_admissions").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  private double kept(String reason) {
    var c = registry.find("netmapper_aws_webhook_settings_kept").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }
}
