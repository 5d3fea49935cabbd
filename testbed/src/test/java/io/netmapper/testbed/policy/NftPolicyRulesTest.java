package io.netmapper.testbed.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netmapper.cli.policy.PolicyFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nftables translation on its own (the end-to-end test runs it against real traffic). */
class NftPolicyRulesTest {
  static final PodAddresses WEB =
      new PodAddresses("shop", "web-1", Map.of("app", "web"), List.of("10.244.0.10"), Map.of());
  static final PodAddresses DB =
      new PodAddresses(
          "shop",
          "db-0",
          Map.of("app", "db"),
          List.of("10.244.0.11", "fd00:10:244::b"),
          Map.of("pg", new PodAddresses.NamedPort("TCP", 5432)));
  static final PodAddresses OPS =
      new PodAddresses("ops", "tool-1", Map.of("app", "tool"), List.of("10.244.0.12"), Map.of());

  static List<NetworkPolicy> parse(String yaml) {
    return PolicyFiles.parse(yaml, "test");
  }

  @Test
  void isolatedPod_getsAJumpPerAddress_allowLinesThatReturn_andACountedDrop() {
    String script =
        NftPolicyRules.script(
            parse(
                """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: db, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress:
                  - from: [{podSelector: {matchLabels: {app: web}}}]
                    ports: [{port: pg}, {port: 8000, endPort: 8010}]
                  - from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.9/32]}}]
                """),
            List.of(WEB, DB, OPS),
            Map.of());
    assertThat(script)
        .startsWith("add table inet netmapper_policy\ndelete table inet netmapper_policy\n")
        .contains("type filter hook forward priority 0; policy accept;")
        .contains("ct state established,related accept")
        .contains("ip daddr 10.244.0.11 jump in_0")
        .contains("ip6 daddr fd00:10:244::b jump in_0")
        .contains("ip saddr 10.244.0.10 tcp dport 5432 return") // the named port of db
        .contains("ip saddr 10.244.0.10 tcp dport 8000-8010 return")
        .contains("ip saddr 203.0.113.0/24 ip saddr != { 203.0.113.9/32 } return")
        .contains("counter drop")
        .doesNotContain("10.244.0.12") // ops is neither selected nor a peer
        .doesNotContain("saddr 10.244.0.10 jump"); // web is not isolated
  }

  @Test
  void egressIsolation_matchesDestinations_andEmptyRulesAllowEverything() {
    String script =
        NftPolicyRules.script(
            parse(
                """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{namespaceSelector: {matchLabels: {team: ops}}}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all, namespace: ops}
                spec:
                  podSelector: {}
                  ingress: [{}]
                """),
            List.of(WEB, DB, OPS),
            Map.of("ops", Map.of("kubernetes.io/metadata.name", "ops", "team", "ops")));
    assertThat(script)
        .contains("ip saddr 10.244.0.10 jump eg_0")
        .contains("ip daddr 10.244.0.12 return")
        .doesNotContain("ip daddr 10.244.0.11 return")
        .contains("ip daddr 10.244.0.12 jump in_1")
        .containsPattern("# ingress of ops/tool-1\\n    return\\n");
  }

  @Test
  void hostNetworkPods_areNeverPolicyTargetsOrSelectorResults() {
    assertThat(
            NftPolicyEnforcer.addresses(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("node-exporter-x")
                    .withNamespace("monitoring")
                    .endMetadata()
                    .withNewSpec()
                    .withHostNetwork(true)
                    .endSpec()
                    .withNewStatus()
                    .withPodIP("172.18.0.2")
                    .endStatus()
                    .build()))
        .isNull();
  }
}
