package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.syn;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netmapper.api.v1.Intent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workload identity: owner walks of every shape, forbidden owners and name overrides. */
class OwnerResolutionTest {
  static MapperHarness h;
  static final String SERVER_IP = "10.244.0.2";

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    h.pod("owners", "server-pod", null, null, null, SERVER_IP);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void deploymentReplicaSetPod_resolvesToTheDeployment() {
    h.deploymentPod("owners", "checkout", "10.244.0.10", Map.of("app", "checkout"));
    h.connections(syn("10.244.0.10", SERVER_IP, 8080));
    Intent i = h.awaitIntent(edge("checkout", "server-pod"));
    assertThat(i.getClient().getWorkload().getKind()).isEqualTo("Deployment");
    assertThat(i.getClient().getWorkload().getApiVersion()).isEqualTo("apps/v1");
    assertThat(i.getClient().getWorkload().getNamespace()).isEqualTo("owners");
    assertThat(i.getServer().getWorkload().getKind()).isEqualTo("Pod");
  }

  @Test
  void statefulSetPod_resolvesToTheStatefulSet() {
    h.client
        .apps()
        .statefulSets()
        .inNamespace("owners")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName("ledger")
                .withNamespace("owners")
                .endMetadata()
                .build())
        .create();
    h.pod("owners", "ledger-0", "apps/v1", "StatefulSet", "ledger", "10.244.0.11");
    h.connections(syn("10.244.0.11", SERVER_IP, 8080));
    assertThat(h.awaitIntent(edge("ledger", "server-pod")).getClient().getWorkload().getKind())
        .isEqualTo("StatefulSet");
  }

  @Test
  void cronJobJobPod_resolvesToTheCronJob() {
    h.client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace("owners")
        .resource(
            new CronJobBuilder()
                .withNewMetadata()
                .withName("nightly-report")
                .withNamespace("owners")
                .endMetadata()
                .build())
        .create();
    h.client
        .batch()
        .v1()
        .jobs()
        .inNamespace("owners")
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName("nightly-report-29001")
                .withNamespace("owners")
                .addNewOwnerReference()
                .withApiVersion("batch/v1")
                .withKind("CronJob")
                .withName("nightly-report")
                .withController(true)
                .withUid(UUID.randomUUID().toString())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    h.pod(
        "owners",
        "nightly-report-29001-x7k2p",
        "batch/v1",
        "Job",
        "nightly-report-29001",
        "10.244.0.12");
    h.connections(syn("10.244.0.12", SERVER_IP, 8080));
    assertThat(
            h.awaitIntent(edge("nightly-report", "server-pod")).getClient().getWorkload().getKind())
        .isEqualTo("CronJob");
  }

  @Test
  void barePod_isItsOwnWorkload() {
    h.pod("owners", "debug-shell", null, null, null, "10.244.0.13");
    h.connections(syn("10.244.0.13", SERVER_IP, 8080));
    Intent i = h.awaitIntent(edge("debug-shell", "server-pod"));
    assertThat(i.getClient().getWorkload().getKind()).isEqualTo("Pod");
    assertThat(i.getClient().getWorkload().getApiVersion()).isEqualTo("v1");
  }

  @Test
  void customResourceOwner_isWalkedToItsRoot() {
    ResourceDefinitionContext rollouts =
        new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Rollout")
            .withPlural("rollouts")
            .withNamespaced(true)
            .build();
    h.client
        .genericKubernetesResources(rollouts)
        .inNamespace("owners")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withNewMetadata()
                .withName("payments")
                .withNamespace("owners")
                .endMetadata()
                .build())
        .create();
    h.client
        .apps()
        .replicaSets()
        .inNamespace("owners")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata()
                .withName("payments-5c8d")
                .withNamespace("owners")
                .addNewOwnerReference()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withName("payments")
                .withController(true)
                .withUid(UUID.randomUUID().toString())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    h.pod("owners", "payments-5c8d-abcde", "apps/v1", "ReplicaSet", "payments-5c8d", "10.244.0.14");
    h.connections(syn("10.244.0.14", SERVER_IP, 8080));
    Intent i = h.awaitIntent(edge("payments", "server-pod"));
    assertThat(i.getClient().getWorkload().getKind()).isEqualTo("Rollout");
    assertThat(i.getClient().getWorkload().getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
  }

  @Test
  void forbiddenOwner_stopsTheWalkAtTheLastKnownName() {
    h.server
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/owners/replicasets/secret-rs")
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}")
        .always();
    h.pod("owners", "secret-rs-q8w9e", "apps/v1", "ReplicaSet", "secret-rs", "10.244.0.15");
    h.connections(syn("10.244.0.15", SERVER_IP, 8080));
    Intent i = h.awaitIntent(edge("secret-rs", "server-pod"));
    assertThat(i.getClient().getWorkload().getKind()).isEqualTo("ReplicaSet");
  }

  @Test
  void missingOwner_stopsTheWalkAtTheLastKnownName() {
    h.pod("owners", "orphan-rs-z1x2c", "apps/v1", "ReplicaSet", "orphan-rs", "10.244.0.16");
    h.connections(syn("10.244.0.16", SERVER_IP, 8080));
    assertThat(h.awaitIntent(edge("orphan-rs", "server-pod")).getClient().getWorkload().getKind())
        .isEqualTo("ReplicaSet");
  }

  @Test
  void netmapperAnnotation_overridesTheName() {
    overridden(
        "10.244.0.17",
        Map.of(),
        Map.of(
            "netmapper.io/workload-name",
            "renamed-by-netmapper",
            "intents.otterize.com/workload-name",
            "loses"),
        "renamed-by-netmapper");
  }

  @Test
  void otterizeAnnotation_overridesTheName() {
    overridden(
        "10.244.0.18",
        Map.of("otterize/service-name", "loses"),
        Map.of("intents.otterize.com/workload-name", "renamed-by-annotation"),
        "renamed-by-annotation");
  }

  @Test
  void otterizeLabel_overridesTheName() {
    overridden(
        "10.244.0.19",
        Map.of("otterize/service-name", "renamed-by-label"),
        Map.of(),
        "renamed-by-label");
  }

  private void overridden(
      String ip, Map<String, String> labels, Map<String, String> annotations, String expected) {
    Pod pod =
        h.pod(
            "owners",
            "override-" + ip.replace('.', '-'),
            null,
            null,
            null,
            labels,
            annotations,
            false,
            Instant.now().minusSeconds(30),
            ip);
    h.connections(syn(ip, SERVER_IP, 8080));
    Intent i = h.awaitIntent(edge(expected, "server-pod"));
    assertThat(i.getClient().getWorkload().getKind()).isEqualTo("Pod");
    assertThat(pod.getMetadata().getName()).isNotEqualTo(expected);
  }
}
