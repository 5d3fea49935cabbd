package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.edge;
import static io.netmapper.mapper.MapperHarness.syn;
import static io.netmapper.mapper.MapperHarness.withClientPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.Evidence;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.ListeningSocket;
import io.netmapper.api.v1.ProcessAttribution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Addresses and names → workloads: Services, pods, node addresses, IPv6, the Internet, the API
 * server.
 */
class AddressResolutionTest {
  static MapperHarness h;

  @BeforeAll
  static void start() {
    h = new MapperHarness();
    // shop: frontend → catalog (ClusterIP Service) and db (headless StatefulSet)
    h.deploymentPod("shop", "frontend", "10.244.1.10", Map.of("app", "frontend"));
    h.deploymentPod("shop", "catalog", "10.244.1.20", Map.of("app", "catalog"));
    h.service("shop", "catalog", "10.96.10.20", Map.of("app", "catalog"), "10.244.1.20");
    h.client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .build())
        .create();
    h.pod("shop", "db-0", "apps/v1", "StatefulSet", "db", "10.244.1.30");
    h.client
        .services()
        .inNamespace("shop")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(Map.of("app", "db"))
                .addNewPort()
                .withPort(5432)
                .endPort()
                .endSpec()
                .build())
        .create();
    h.endpointSlice("shop", "db", "10.244.1.30");
    // the API server
    h.client
        .services()
        .inNamespace("default")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("kubernetes")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("10.96.0.1")
                .withClusterIPs("10.96.0.1")
                .addNewPort()
                .withPort(443)
                .endPort()
                .endSpec()
                .build())
        .create();
    h.endpointSlice("default", "kubernetes", "172.18.0.10");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void serviceDnsName_fullyQualified_resolvesToTheBackingWorkload() {
    h.dns("10.244.1.10", "catalog.shop.svc.cluster.local.", List.of(), "10.96.10.20");
    Intent i =
        h.awaitIntent(
            edge("frontend", "catalog")
                .and(x -> x.getDnsNamesList().contains("catalog.shop.svc.cluster.local")));
    assertThat(i.getServer().getWorkload().getKind()).isEqualTo("Deployment");
    assertThat(i.getServiceNamesList()).containsExactly("catalog.shop");
    assertThat(i.getEvidenceList()).contains(Evidence.EVIDENCE_DNS);
    assertThat(i.getType()).isEqualTo(IntentType.INTENT_TYPE_TCP);
  }

  @Test
  void serviceDnsName_short_resolvesInTheClientsNamespace() {
    h.dns("10.244.1.10", "catalog", List.of(), "10.96.10.20");
    h.awaitIntent(edge("frontend", "catalog").and(x -> x.getDnsNamesList().contains("catalog")));
    h.dns("10.244.1.10", "catalog.shop", List.of(), "10.96.10.20");
    h.awaitIntent(
        edge("frontend", "catalog").and(x -> x.getDnsNamesList().contains("catalog.shop")));
  }

  @Test
  void podDnsName_resolvesToThePodsWorkload() {
    h.dns("10.244.1.10", "10-244-1-30.shop.pod.cluster.local", List.of(), "10.244.1.30");
    Intent i =
        h.awaitIntent(
            edge("frontend", "db")
                .and(x -> x.getDnsNamesList().contains("10-244-1-30.shop.pod.cluster.local")));
    assertThat(i.getServer().getWorkload().getKind()).isEqualTo("StatefulSet");
  }

  @Test
  void clusterIp_resolvesThroughEndpointsAndRemembersTheService() {
    h.connections(syn("10.244.1.10", "10.96.10.20", 80));
    Intent i = h.awaitIntent(edge("frontend", "catalog").and(x -> x.getPortsList().contains(80)));
    assertThat(i.getServiceNamesList()).contains("catalog.shop");
    assertThat(i.getEvidenceList()).contains(Evidence.EVIDENCE_SYN);
  }

  @Test
  void headlessService_resolvesThroughTheAnsweredPodIps() {
    h.dns("10.244.1.10", "db.shop.svc.cluster.local", List.of(), "10.244.1.30");
    Intent i =
        h.awaitIntent(
            edge("frontend", "db")
                .and(x -> x.getDnsNamesList().contains("db.shop.svc.cluster.local")));
    assertThat(i.getServiceNamesList()).containsExactly("db.shop");
    h.connections(syn("10.244.1.10", "10.244.1.30", 5432));
    h.awaitIntent(edge("frontend", "db").and(x -> x.getPortsList().contains(5432)));
  }

  @Test
  void reusedIp_oldAndNewObservationsLandOnTheRightPod() throws Exception {
    h.pod("reuse", "target", null, null, null, "10.244.2.60");
    h.pod("reuse", "old-worker", null, null, null, "10.244.2.50");
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.2.50", System.currentTimeMillis(), 0) != null);
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.2.60", System.currentTimeMillis(), 0) != null);
    Thread.sleep(1100); // API timestamps have one-second resolution
    Instant whileOldLived = Instant.now();
    h.client.pods().inNamespace("reuse").withName("old-worker").delete();
    // the deletion is in the cache once the address is free at a time in the future
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.2.50", System.currentTimeMillis() + 60_000, 0)
                    == null);
    h.pod("reuse", "new-worker", null, null, null, "10.244.2.50");
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.2.50", System.currentTimeMillis() + 60_000, 0)
                    != null);
    Instant afterReuse = Instant.now().plusMillis(500);
    // both reports arrive after the IP changed hands
    h.connections(
        syn("10.244.2.50", "10.244.2.60", 8080, whileOldLived),
        syn("10.244.2.50", "10.244.2.60", 9090, afterReuse));
    Intent fromOld = h.awaitIntent(edge("old-worker", "target"));
    Intent fromNew = h.awaitIntent(edge("new-worker", "target"));
    assertThat(fromOld.getPortsList()).containsExactly(8080);
    assertThat(fromNew.getPortsList()).containsExactly(9090);
  }

  @Test
  void reportArrivingAfterThePodWasDeleted_stillResolves() throws Exception {
    h.pod("late", "sink", null, null, null, "10.244.3.11");
    h.pod("late", "short-lived", null, null, null, "10.244.3.10");
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.3.10", System.currentTimeMillis(), 0) != null);
    Thread.sleep(1100);
    Instant sawIt = Instant.now();
    h.client.pods().inNamespace("late").withName("short-lived").delete();
    await()
        .until(
            () ->
                h.mapper.cache().pods().atIp("10.244.3.10", System.currentTimeMillis() + 60_000, 0)
                    == null);
    h.connections(syn("10.244.3.10", "10.244.3.11", 8080, sawIt));
    h.awaitIntent(edge("short-lived", "sink"));
  }

  @Test
  void reportArrivingBeforeThePodIsInTheCache_waitsAndResolves() {
    h.pod("early", "sink", null, null, null, "10.244.4.11");
    Instant now = Instant.now();
    h.connections(syn("10.244.4.10", "10.244.4.11", 8080, now));
    await().pollDelay(Duration.ofMillis(300)).until(() -> h.mapper.pipeline().pendingCount() > 0);
    assertThat(h.intents()).noneMatch(edge("not-yet-created", "sink"));
    h.pod("early", "not-yet-created", null, null, null, "10.244.4.10");
    h.awaitIntent(edge("not-yet-created", "sink"));
  }

  @Test
  void unknownClusterIp_isCountedUnresolvedAfterThePendingTime() {
    h.connections(syn("10.244.9.99", "10.244.1.20", 8080));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(h.metrics())
                    .containsPattern(
                        "netmapper_mapper_observations_unresolved_total\\{kind=\"connection\",reason=\"client_ip_unknown\"} [1-9]"));
  }

  @Test
  void hostNetworkServer_isNamedByNodeIpAndDeclaredPort() {
    h.client
        .apps()
        .daemonSets()
        .inNamespace("monitoring")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder()
                .withNewMetadata()
                .withName("node-exporter")
                .withNamespace("monitoring")
                .endMetadata()
                .build())
        .create();
    h.pod(
        "monitoring",
        "node-exporter-abcde",
        "apps/v1",
        "DaemonSet",
        "node-exporter",
        Map.of(),
        Map.of(),
        true,
        Instant.now().minusSeconds(60),
        MapperHarness.NODE_IP);
    h.connections(syn("10.244.1.10", MapperHarness.NODE_IP, 8080));
    Intent i = h.awaitIntent(edge("frontend", "node-exporter"));
    assertThat(i.getServer().getWorkload().getKind()).isEqualTo("DaemonSet");
  }

  @Test
  void hostNetworkServer_isNamedByAReportedListener() {
    Pod agent =
        h.pod(
            "infra",
            "log-agent",
            null,
            null,
            null,
            Map.of(),
            Map.of(),
            true,
            Instant.now().minusSeconds(60),
            MapperHarness.NODE_IP);
    await().until(() -> h.mapper.cache().pods().byUid(agent.getMetadata().getUid()) != null);
    h.reports()
        .reportConnections(
            ConnectionReport.newBuilder()
                .setHeader(h.header())
                .addListeners(
                    ListeningSocket.newBuilder()
                        .setSeen(MapperHarness.seen(Instant.now()))
                        .setIp("0.0.0.0")
                        .setPort(24224)
                        .setProcess(
                            ProcessAttribution.newBuilder()
                                .setPodUid(agent.getMetadata().getUid())
                                .setHostNetwork(true)))
                .build());
    h.connections(syn("10.244.1.10", MapperHarness.NODE_IP, 24224));
    h.awaitIntent(edge("frontend", "log-agent"));
  }

  @Test
  void hostNetworkClient_isNamedByThePodUidTheNodeReported() {
    Pod kubeProxyLike =
        h.pod(
            "infra",
            "net-agent",
            null,
            null,
            null,
            Map.of(),
            Map.of(),
            true,
            Instant.now().minusSeconds(60),
            MapperHarness.NODE_IP);
    h.connections(
        withClientPod(
            syn(MapperHarness.NODE_IP, "10.96.10.20", 80), kubeProxyLike.getMetadata().getUid()));
    h.awaitIntent(edge("net-agent", "catalog"));
  }

  @Test
  void ipv6Pod_resolvesByItsIpv6Address() {
    h.pod(
        "v6",
        "dual-client",
        null,
        null,
        null,
        Map.of(),
        Map.of(),
        false,
        Instant.now().minusSeconds(60),
        "10.244.5.10",
        "fd00:10:244::a");
    h.pod(
        "v6",
        "dual-server",
        null,
        null,
        null,
        Map.of(),
        Map.of(),
        false,
        Instant.now().minusSeconds(60),
        "10.244.5.11",
        "fd00:10:244::b");
    h.connections(syn("FD00:10:244:0:0:0:0:A", "fd00:10:244::b", 8443));
    assertThat(h.awaitIntent(edge("dual-client", "dual-server")).getPortsList())
        .containsExactly(8443);
  }

  @Test
  void externalNameWithCnameChain_becomesAnInternetTargetWithItsIpsAndPorts() {
    h.dns(
        "10.244.1.10",
        "api.payments.example.com",
        List.of("edge.cdn.example.net"),
        "203.0.113.10",
        "203.0.113.11");
    h.connections(syn("10.244.1.10", "203.0.113.10", 443));
    Intent i =
        h.awaitIntent(
            x ->
                x.getClient().getWorkload().getName().equals("frontend")
                    && x.getServer().hasInternet()
                    && x.getServer()
                        .getInternet()
                        .getDomainsList()
                        .contains("api.payments.example.com")
                    && x.getPortsList().contains(443));
    assertThat(i.getType()).isEqualTo(IntentType.INTENT_TYPE_INTERNET);
    assertThat(i.getServer().getInternet().getDomainsList())
        .containsExactly("api.payments.example.com");
    assertThat(i.getServer().getInternet().getIpsList())
        .containsExactlyInAnyOrder("203.0.113.10", "203.0.113.11");
    assertThat(i.getEvidenceList()).contains(Evidence.EVIDENCE_DNS, Evidence.EVIDENCE_SYN);
  }

  @Test
  void oneDnsAnswerWithManyAddresses_countsOnce() {
    h.dns(
        "10.244.1.10",
        "multi.example.org",
        List.of(),
        "203.0.113.31",
        "203.0.113.32",
        "203.0.113.33");
    Intent i =
        h.awaitIntent(
            x ->
                x.getServer().hasInternet()
                    && x.getServer().getInternet().getDomainsList().contains("multi.example.org"));
    assertThat(i.getCount()).isEqualTo(1);
    assertThat(i.getServer().getInternet().getIpsList())
        .containsExactly("203.0.113.31", "203.0.113.32", "203.0.113.33");
  }

  @Test
  void unknownExternalIp_becomesAnInternetTargetByIp() {
    h.connections(syn("10.244.1.10", "198.51.100.7", 8443));
    Intent i =
        h.awaitIntent(
            x ->
                x.getServer().hasInternet()
                    && x.getServer().getInternet().getIpsList().contains("198.51.100.7"));
    assertThat(i.getServer().getInternet().getDomainsList()).isEmpty();
    assertThat(i.getPortsList()).containsExactly(8443);
  }

  @Test
  void inboundFromOutside_isAnIngressEdge() {
    h.connections(syn("198.51.100.20", "10.244.1.20", 8080));
    Intent i =
        h.awaitIntent(
            x ->
                x.getClient().hasInternet()
                    && x.getServer().getWorkload().getName().equals("catalog"));
    assertThat(i.getClient().getInternet().getIpsList()).containsExactly("198.51.100.20");
    assertThat(i.getType()).isEqualTo(IntentType.INTENT_TYPE_INTERNET);
    assertThat(i.getPortsList()).containsExactly(8080);
  }

  @Test
  void apiServerEndpointOnANodeAddress_isTheApiServerOnlyOnItsPort() {
    h.client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("default")
        .resource(
            new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder()
                .withNewMetadata()
                .withName("kubernetes-node")
                .withNamespace("default")
                .withLabels(Map.of("kubernetes.io/service-name", "kubernetes"))
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withPort(6443)
                .endPort()
                .addToEndpoints(
                    new io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder()
                        .withAddresses("172.18.0.3")
                        .build())
                .build())
        .create();
    h.node("node-2", "172.18.0.3", "10.245.0.0/16");
    h.client
        .apps()
        .daemonSets()
        .inNamespace("monitoring")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder()
                .withNewMetadata()
                .withName("exporter-2")
                .withNamespace("monitoring")
                .endMetadata()
                .build())
        .createOr(c -> c.update());
    Pod exporter =
        h.pod(
            "monitoring",
            "exporter-2-abcde",
            "apps/v1",
            "DaemonSet",
            "exporter-2",
            Map.of(),
            Map.of(),
            true,
            Instant.now().minusSeconds(60),
            "172.18.0.3");
    h.client
        .pods()
        .inNamespace("monitoring")
        .withName("exporter-2-abcde")
        .edit(
            p -> {
              p.getSpec().setNodeName("node-2");
              return p;
            });
    await()
        .until(
            () ->
                h.mapper
                    .cache()
                    .pods()
                    .hostNetworkPodsOn("node-2")
                    .contains(exporter.getMetadata().getUid()));
    h.connections(syn("10.244.1.20", "172.18.0.3", 6443), syn("10.244.1.20", "172.18.0.3", 8080));
    h.awaitIntent(
        x ->
            x.getClient().getWorkload().getName().equals("catalog")
                && x.getServer().hasApiServer()
                && x.getPortsList().contains(6443));
    Intent i = h.awaitIntent(edge("catalog", "exporter-2"));
    assertThat(i.getPortsList()).containsExactly(8080);
  }

  @Test
  void apiServer_isATargetOfItsOwn_byClusterIpEndpointAndName() {
    h.connections(syn("10.244.1.20", "10.96.0.1", 443), syn("10.244.1.20", "172.18.0.10", 6443));
    h.dns("10.244.1.20", "kubernetes.default.svc.cluster.local", List.of(), "10.96.0.1");
    Intent i =
        h.awaitIntent(
            x ->
                x.getClient().getWorkload().getName().equals("catalog")
                    && x.getServer().hasApiServer()
                    && x.getPortsList().size() == 2
                    && x.getEvidenceList().contains(Evidence.EVIDENCE_DNS));
    assertThat(i.getPortsList()).containsExactly(443, 6443);
    assertThat(i.getDnsNamesList()).containsExactly("kubernetes.default.svc.cluster.local");
  }
}
