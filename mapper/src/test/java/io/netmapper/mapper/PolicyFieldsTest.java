package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.syn;
import static io.netmapper.mapper.MapperHarness.withClientPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a query with include_all_labels adds for NetworkPolicy generation: target ports (Service
 * port → the port on the pod), hostNetwork ends and their node addresses, API server endpoints.
 */
class PolicyFieldsTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    h.deploymentPod("shop", "web", "10.244.2.10", Map.of("app", "web"));
    h.deploymentPod("shop", "catalog", "10.244.2.20", Map.of("app", "catalog"));
    // Service port 80 → target port 8080, as the EndpointSlice controller writes it
    h.service("shop", "catalog", "10.96.20.20", Map.of("app", "catalog"));
    h.client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("shop")
        .withName("catalog-abcde")
        .delete();
    h.client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("shop")
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("catalog-fghij")
                .withNamespace("shop")
                .withLabels(Map.of("kubernetes.io/service-name", "catalog"))
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withPort(8080)
                .withProtocol("TCP")
                .endPort()
                .addToEndpoints(new EndpointBuilder().withAddresses("10.244.2.20").build())
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static ListIntentsRequest all() {
    return ListIntentsRequest.newBuilder().setIncludeAllLabels(true).build();
  }

  @Test
  void servicePort_isTranslatedToTheTargetPort_onlyWhenAllLabelsAreAsked() {
    h.connections(syn("10.244.2.10", "10.96.20.20", 80));
    h.awaitIntent(edge("web", "catalog"));
    Intent plain = h.intents().stream().filter(edge("web", "catalog")).findFirst().orElseThrow();
    assertThat(plain.getPortsList()).containsExactly(80);
    assertThat(plain.getTargetPortsList()).isEmpty();
    Intent forPolicy =
        h.intents(all()).stream().filter(edge("web", "catalog")).findFirst().orElseThrow();
    assertThat(forPolicy.getPortsList()).containsExactly(80);
    assertThat(forPolicy.getTargetPortsList()).containsExactly(8080);
    assertThat(forPolicy.getServerLabelsMap()).containsEntry("app", "catalog");
    assertThat(forPolicy.getServerHostNetwork()).isFalse();
    assertThat(forPolicy.getClientHostNetwork()).isFalse();
  }

  @Test
  void hostNetworkClient_isMarked_withItsNodeAddresses() {
    Pod agent =
        h.pod(
            "infra",
            "policy-agent",
            null,
            null,
            null,
            Map.of("app", "policy-agent"),
            Map.of(),
            true,
            Instant.now().minusSeconds(60),
            MapperHarness.NODE_IP);
    h.connections(
        withClientPod(syn(MapperHarness.NODE_IP, "10.96.20.20", 80), agent.getMetadata().getUid()));
    h.awaitIntent(edge("policy-agent", "catalog"));
    Intent i =
        h.intents(all()).stream().filter(edge("policy-agent", "catalog")).findFirst().orElseThrow();
    assertThat(i.getClientHostNetwork()).isTrue();
    assertThat(i.getClientAddressesList()).containsExactly(MapperHarness.NODE_IP);
    assertThat(i.getTargetPortsList()).containsExactly(8080);
  }
}
