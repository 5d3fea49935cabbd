package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.syn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.Evidence;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ProcessAttribution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Regressions for wrong maps found on new testbed topologies (issue 16). */
class AccuracyRegressionTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void socketScanConnection_toAResolvedExternalName_landsOnTheNameNotABareIp() {
    Pod client = h.deploymentPod("acc-dns", "poller", "10.244.6.10", Map.of("app", "poller"));
    // the DNS answer names the client by its IP (the answer's destination) ...
    h.dns("10.244.6.10", "api.example", List.of("edge.example.net"), "203.0.113.50");
    h.awaitIntent(
        x -> internetEdge(x, "poller") && x.getServer().getInternet().getDomainsCount() > 0);
    // ... the socket scan names it by the socket's pod UID
    Connection scanned =
        syn("10.244.6.10", "203.0.113.50", 443).toBuilder()
            .setEvidence(ConnectionEvidence.CONNECTION_EVIDENCE_SOCKET_SCAN)
            .setClientProcess(
                ProcessAttribution.newBuilder().setPodUid(client.getMetadata().getUid()))
            .build();
    h.connections(scanned);
    Intent named =
        h.awaitIntent(
            x ->
                internetEdge(x, "poller")
                    && x.getEvidenceList().contains(Evidence.EVIDENCE_SOCKET_SCAN));
    assertThat(named.getServer().getInternet().getDomainsList()).containsExactly("api.example");
    assertThat(named.getPortsList()).containsExactly(443);
    assertThat(h.intents())
        .filteredOn(x -> internetEdge(x, "poller"))
        .as("one Internet target, by name; no second one by bare IP")
        .hasSize(1);
  }

  @Test
  void ipReusedBehindAService_theSliceTargetRefWinsOverTheNewHolder() throws Exception {
    h.deploymentPod("acc-shop", "web", "10.244.7.10", Map.of("app", "web"));
    h.pod("acc-shop", "cart-0", null, null, null, "10.244.7.20");
    h.service("acc-shop", "cart", "10.96.7.20", Map.of("app", "cart-0"));
    h.client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("acc-shop")
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("cart-xyz12")
                .withNamespace("acc-shop")
                .withLabels(Map.of("kubernetes.io/service-name", "cart"))
                .endMetadata()
                .withAddressType("IPv4")
                .addToEndpoints(
                    new EndpointBuilder()
                        .withAddresses("10.244.7.20")
                        .withTargetRef(
                            new ObjectReferenceBuilder()
                                .withKind("Pod")
                                .withNamespace("acc-shop")
                                .withName("cart-0")
                                .build())
                        .build())
                .build())
        .create();
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.7.20", System.currentTimeMillis(), 0) != null);
    Thread.sleep(1100); // API timestamps have one-second resolution
    h.client.pods().inNamespace("acc-shop").withName("cart-0").delete();
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.7.20", System.currentTimeMillis() + 60_000, 0)
                    == null);
    // the address goes to a pod of another workload in another namespace; the slice still names
    // the old pod (the EndpointSlice controller has not caught up)
    h.pod("acc-other", "intruder", null, null, null, "10.244.7.20");
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.7.20", System.currentTimeMillis() + 60_000, 0)
                    != null);
    h.connections(syn("10.244.7.10", "10.96.7.20", 80, Instant.now().plusMillis(500)));
    Intent viaService = h.awaitIntent(edge("web", "cart-0"));
    assertThat(viaService.getServiceNamesList()).containsExactly("cart.acc-shop");
    assertThat(h.intents()).noneMatch(edge("web", "intruder"));
  }

  private static boolean internetEdge(Intent x, String client) {
    return x.getClient().getWorkload().getName().equals(client) && x.getServer().hasInternet();
  }
}
