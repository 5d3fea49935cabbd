package io.netmapper.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of NetworkPolicy semantics as the Kubernetes documentation states it
 * (concepts/services-networking/network-policies and the API reference of networking.k8s.io/v1).
 */
class PolicyEvaluatorTest {
  static final Party.Pod WEB = pod("shop", Map.of("app", "web"));
  static final Party.Pod DB = pod("shop", Map.of("app", "db", "tier", "data"));
  static final Party.Pod OTHER_NS = pod("ops", Map.of("app", "web"));
  static final Party.Address OUTSIDE = new Party.Address("203.0.113.10");

  static Party.Pod pod(String ns, Map<String, String> labels) {
    return Party.Pod.of(ns, labels);
  }

  static PolicyEvaluator policies(String yaml) {
    return new PolicyEvaluator(PolicyFiles.parse(yaml, "test"));
  }

  static boolean allowed(PolicyEvaluator e, Party from, Party to, int port) {
    return e.evaluate(from, to, "TCP", port).allowed();
  }

  static final String DENY_ALL_INGRESS_SHOP =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: default-deny-ingress, namespace: shop}
      spec:
        podSelector: {}
        policyTypes: [Ingress]
      """;

  @Test
  void podsSelectedByNoPolicy_areNonIsolated_inBothDirections() {
    PolicyEvaluator e =
        policies(DENY_ALL_INGRESS_SHOP.replace("namespace: shop", "namespace: ops"));
    assertThat(allowed(e, WEB, DB, 5432)).isTrue();
    assertThat(allowed(e, DB, OUTSIDE, 443)).isTrue();
  }

  @Test
  void aPolicyWithNoIngressRules_isolatesAndAllowsNoIngress() {
    PolicyEvaluator e = policies(DENY_ALL_INGRESS_SHOP);
    assertThat(allowed(e, WEB, DB, 5432)).isFalse();
    assertThat(e.evaluate(WEB, DB, "TCP", 5432).reason()).contains("ingress of the server");
    // ingress isolation says nothing about egress
    assertThat(allowed(e, DB, OUTSIDE, 443)).isTrue();
  }

  @Test
  void egressIsolation_needsEgressInPolicyTypes() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-egress, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Egress]
            """);
    assertThat(allowed(e, WEB, OUTSIDE, 443)).isFalse();
    assertThat(allowed(e, OUTSIDE, WEB, 80)).isTrue(); // not isolated for ingress
  }

  @Test
  void policyTypesDefault_isIngress_plusEgressWhenEgressRulesExist() {
    PolicyEvaluator ingressOnly =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
            """);
    assertThat(allowed(ingressOnly, DB, WEB, 80)).isFalse();
    assertThat(allowed(ingressOnly, WEB, OUTSIDE, 443)).isTrue();
    PolicyEvaluator withEgress =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
              egress:
              - to: [{podSelector: {matchLabels: {app: db}}}]
            """);
    assertThat(allowed(withEgress, WEB, DB, 5432)).isTrue();
    assertThat(allowed(withEgress, WEB, OUTSIDE, 443)).isFalse();
    assertThat(allowed(withEgress, DB, WEB, 80)).isFalse(); // and Ingress, with no rules
  }

  @Test
  void policiesAreAdditive_theUnionOfTheirRulesIsAllowed() {
    String a =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: db}}
          ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
        """;
    String b =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-jobs, namespace: shop}
        spec:
          podSelector: {matchLabels: {tier: data}}
          ingress: [{from: [{podSelector: {matchLabels: {app: jobs}}}]}]
        """;
    PolicyEvaluator e = policies(a + "---\n" + b + "---\n" + DENY_ALL_INGRESS_SHOP);
    assertThat(allowed(e, WEB, DB, 5432)).isTrue();
    assertThat(allowed(e, pod("shop", Map.of("app", "jobs")), DB, 5432)).isTrue();
    assertThat(allowed(e, pod("shop", Map.of("app", "cron")), DB, 5432)).isFalse();
  }

  @Test
  void aConnectionNeedsBothTheSendersEgressAndTheReceiversIngress() {
    String egressOk =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-out, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
          egress: [{to: [{podSelector: {matchLabels: {app: db}}}]}]
        """;
    PolicyEvaluator e = policies(egressOk + "---\n" + DENY_ALL_INGRESS_SHOP);
    PolicyEvaluator.Verdict v = e.evaluate(WEB, DB, "TCP", 5432);
    assertThat(v.allowed()).isFalse();
    assertThat(v.reason()).contains("ingress of the server");
    assertThat(allowed(policies(egressOk), WEB, DB, 5432)).isTrue();
  }

  @Test
  void podSelectorPeer_selectsPodsInThePolicysOwnNamespaceOnly() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
            """);
    assertThat(allowed(e, WEB, DB, 5432)).isTrue();
    assertThat(allowed(e, OTHER_NS, DB, 5432)).isFalse();
  }

  @Test
  void namespaceSelectorPeer_selectsAllPodsOfMatchingNamespaces() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}]}]
            """);
    Party.Pod inOps =
        new Party.Pod(
            "ops",
            Map.of("app", "anything"),
            Map.of("kubernetes.io/metadata.name", "ops", "team", "ops"),
            Map.of());
    assertThat(allowed(e, inOps, DB, 5432)).isTrue();
    assertThat(allowed(e, OTHER_NS, DB, 5432)).isFalse(); // ops without the team label
    assertThat(allowed(e, WEB, DB, 5432)).isFalse();
  }

  @Test
  void namespaceAndPodSelectorInOnePeer_isAnd_inTwoPeers_isOr() {
    String and =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: db}}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}
              podSelector: {matchLabels: {app: web}}
        """;
    PolicyEvaluator andE = policies(and);
    assertThat(allowed(andE, OTHER_NS, DB, 5432)).isTrue();
    assertThat(allowed(andE, pod("ops", Map.of("app", "batch")), DB, 5432)).isFalse();
    assertThat(allowed(andE, WEB, DB, 5432)).isFalse(); // right pod labels, wrong namespace
    PolicyEvaluator orE =
        policies(
            and.replace(
                "      podSelector: {matchLabels: {app: web}}",
                "    - podSelector: {matchLabels: {app: web}}"));
    assertThat(allowed(orE, pod("ops", Map.of("app", "batch")), DB, 5432)).isTrue();
    assertThat(allowed(orE, WEB, DB, 5432)).isTrue();
  }

  @Test
  void ipBlock_allowsItsCidr_butNotItsExceptions() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress:
              - to: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]
              - to: [{ipBlock: {cidr: "2001:db8::/64"}}]
            """);
    assertThat(allowed(e, WEB, new Party.Address("203.0.113.10"), 443)).isTrue();
    assertThat(allowed(e, WEB, new Party.Address("203.0.113.200"), 443)).isFalse();
    assertThat(allowed(e, WEB, new Party.Address("198.51.100.1"), 443)).isFalse();
    assertThat(allowed(e, WEB, new Party.Address("2001:db8::5"), 443)).isTrue();
    assertThat(allowed(e, WEB, new Party.Address("2001:db9::5"), 443)).isFalse();
  }

  @Test
  void emptyFromOrTo_matchesEverySourceOrDestination() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-all-ingress, namespace: shop}
            spec:
              podSelector: {}
              ingress: [{}]
              policyTypes: [Ingress]
            """);
    assertThat(allowed(e, OUTSIDE, DB, 5432)).isTrue();
    assertThat(allowed(e, OTHER_NS, DB, 1)).isTrue();
  }

  @Test
  void ports_numberedNamedRangesAndProtocols() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - ports:
                - {port: 5432}
                - {protocol: TCP, port: 32000, endPort: 32768}
                - {protocol: TCP, port: metrics}
                - {protocol: UDP, port: 53}
            """);
    Party.Pod db =
        new Party.Pod(
            "shop",
            Map.of("app", "db"),
            Map.of("kubernetes.io/metadata.name", "shop"),
            Map.of("metrics", 9187));
    assertThat(allowed(e, WEB, db, 5432)).isTrue(); // protocol defaults to TCP
    assertThat(allowed(e, WEB, db, 32000)).isTrue();
    assertThat(allowed(e, WEB, db, 32768)).isTrue();
    assertThat(allowed(e, WEB, db, 32769)).isFalse();
    assertThat(allowed(e, WEB, db, 9187)).isTrue(); // the pod's port named metrics
    assertThat(allowed(e, WEB, DB, 9187)).isFalse(); // a pod without that port name
    assertThat(allowed(e, WEB, db, 53)).isFalse(); // UDP only
    assertThat(e.evaluate(WEB, db, "UDP", 53).allowed()).isTrue();
  }

  @Test
  void aPortWithoutNumber_matchesEveryPortOfItsProtocol() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{ports: [{protocol: TCP}]}]
            """);
    assertThat(allowed(e, WEB, DB, 1)).isTrue();
    assertThat(e.evaluate(WEB, DB, "UDP", 1).allowed()).isFalse();
  }

  @Test
  void egressNamedPort_isTheDestinationPodsPort() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress: [{ports: [{port: postgres}]}]
            """);
    Party.Pod db =
        new Party.Pod(
            "shop",
            Map.of("app", "db"),
            Map.of("kubernetes.io/metadata.name", "shop"),
            Map.of("postgres", 5432));
    assertThat(allowed(e, WEB, db, 5432)).isTrue();
    assertThat(allowed(e, WEB, db, 5433)).isFalse();
    assertThat(allowed(e, WEB, OUTSIDE, 5432)).isFalse(); // an address has no port names
  }

  @Test
  void matchExpressions_inNotInExistsDoesNotExist() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector:
                matchExpressions:
                - {key: tier, operator: In, values: [data, cache]}
                - {key: legacy, operator: DoesNotExist}
              ingress:
              - from:
                - podSelector:
                    matchExpressions:
                    - {key: app, operator: NotIn, values: [intruder]}
                    - {key: team, operator: Exists}
            """);
    Party.Pod teamWeb = pod("shop", Map.of("app", "web", "team", "a"));
    assertThat(allowed(e, teamWeb, DB, 5432)).isTrue();
    assertThat(allowed(e, pod("shop", Map.of("app", "intruder", "team", "a")), DB, 5432)).isFalse();
    assertThat(allowed(e, WEB, DB, 5432)).isFalse(); // no team label
    Party.Pod legacyDb = pod("shop", Map.of("app", "db", "tier", "data", "legacy", "y"));
    assertThat(allowed(e, WEB, legacyDb, 5432)).isTrue(); // not selected: not isolated
  }

  @Test
  void selectorsNeverSelectAddresses_andIpBlocksDoNotJudgePods() {
    PolicyEvaluator e =
        policies(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from: [{namespaceSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8}}]
            """);
    assertThat(allowed(e, OTHER_NS, DB, 5432)).isTrue(); // empty namespaceSelector: all namespaces
    assertThat(allowed(e, new Party.Address("10.1.2.3"), DB, 5432)).isTrue();
    assertThat(allowed(e, OUTSIDE, DB, 5432)).isFalse();
  }

  @Test
  void hostNetworkAndOutsideSenders_areNeverIsolatedForEgress() {
    PolicyEvaluator e = policies(DENY_ALL_INGRESS_SHOP.replace("[Ingress]", "[Ingress, Egress]"));
    assertThat(allowed(e, new Party.Address("172.18.0.2"), OUTSIDE, 443)).isTrue();
    assertThat(List.of(allowed(e, new Party.Address("172.18.0.2"), DB, 5432)))
        .containsExactly(false);
  }
}
