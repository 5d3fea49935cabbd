package io.netmapper.aws.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caBundle patcher against fabric8's CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class WebhookCaBundlePatcherTest {

  static KubernetesClient client;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
  }

  @Test
  void setsCaBundleOfEveryWebhook_thenReportsUnchanged() throws Exception {
    TestPki pki = new TestPki();
    create("netmapper-aws");
    WebhookCaBundlePatcher patcher =
        new WebhookCaBundlePatcher(
            client, "netmapper-aws", pki.caPem, scheduler, Duration.ofMillis(100), registry);
    assertThat(patcher.patchOnce()).isEqualTo("patched");
    String expected =
        Base64.getEncoder().encodeToString(pki.caPem.getBytes(StandardCharsets.US_ASCII));
    assertThat(get("netmapper-aws").getWebhooks())
        .hasSize(2)
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(expected));
    assertThat(get("netmapper-aws").getWebhooks().get(1).getClientConfig().getService().getName())
        .isEqualTo("netmapper-aws-webhook");
    assertThat(patcher.patchOnce()).isEqualTo("unchanged");
    // a new CA (rotation) is written again
    TestPki rotated = new TestPki();
    assertThat(
            new WebhookCaBundlePatcher(
                    client,
                    "netmapper-aws",
                    rotated.caPem,
                    scheduler,
                    Duration.ofMillis(100),
                    registry)
                .patchOnce())
        .isEqualTo("patched");
  }

  @Test
  void missingConfiguration_isCountedAndRetried_untilItAppears() throws Exception {
    TestPki pki = new TestPki();
    try (WebhookCaBundlePatcher patcher =
        new WebhookCaBundlePatcher(
            client, "late", pki.caPem, scheduler, Duration.ofMillis(100), registry)) {
      patcher.start();
      // generous bounds: each attempt is a call to the mock API server, slow on a busy machine
      await().atMost(Duration.ofSeconds(30)).until(() -> count("missing") >= 2);
      assertThat(count("patched")).isZero();
      create("late");
      await().atMost(Duration.ofSeconds(30)).until(() -> count("patched") == 1);
      assertThat(get("late").getWebhooks().get(0).getClientConfig().getCaBundle()).isNotBlank();
      // the one scheduler thread runs this after the attempt that patched has returned
      scheduler.submit(() -> {}).get(30, TimeUnit.SECONDS);
      assertThat(scheduler.getQueue()).as("no retries after success").isEmpty();
    }
  }

  private static void create(String name) {
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewWebhook()
                .withName("pods.aws.netmapper.io")
                .withNewClientConfig()
                .withUrl("https://example.invalid/mutate")
                .endClientConfig()
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .endWebhook()
                .addNewWebhook()
                .withName("pods2.aws.netmapper.io")
                .withNewClientConfig()
                .withNewService()
                .withName("netmapper-aws-webhook")
                .withNamespace("netmapper")
                .withPath("/mutate")
                .endService()
                .endClientConfig()
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .endWebhook()
                .build())
        .create();
  }

  private static MutatingWebhookConfiguration get(String name) {
    return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).get();
  }

  private double count(String outcome) {
    var c =
        registry.find("netmapper_aws_webhook_cabundle_patches").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }
}
