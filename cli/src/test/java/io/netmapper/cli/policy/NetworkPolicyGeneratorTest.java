package io.netmapper.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class NetworkPolicyGeneratorTest {
  static final PolicyEnd.Pods WEB =
      new PolicyEnd.Pods(
          "shop", "web", "Deployment", Map.of("app", "web", "pod-template-hash", "7d9f8"));
  static final PolicyEnd.Pods CATALOG_V1 =
      new PolicyEnd.Pods(
          "shop", "catalog-v1", "Deployment", Map.of("app", "catalog", "version", "v1"));
  static final PolicyEnd.Pods CATALOG_V2 =
      new PolicyEnd.Pods(
          "shop", "catalog-v2", "Deployment", Map.of("app", "catalog", "version", "v2"));
  static final PolicyEnd.Pods DB =
      new PolicyEnd.Pods(
          "data",
          "db",
          "StatefulSet",
          Map.of(
              "app",
              "db",
              "controller-revision-hash",
              "db-5c6",
              "statefulset.kubernetes.io/pod-name",
              "db-0"));
  static final PolicyEnd.Host NODE_EXPORTER =
      new PolicyEnd.Host("monitoring", "node-exporter", List.of("172.18.0.2", "172.18.0.3"));
  static final PolicyEnd.Pods PROMETHEUS =
      new PolicyEnd.Pods("monitoring", "prometheus", "StatefulSet", Map.of("app", "prometheus"));
  static final PolicyEnd.Outside STRIPE =
      new PolicyEnd.Outside(List.of("api.stripe.com"), List.of("203.0.113.10", "2001:db8::10"));

  static List<Flow> sampleMap() {
    return List.of(
        // one Service (catalog.shop) in front of two workloads: two edges, target ports each
        Flow.of(WEB, CATALOG_V1, List.of(8080)),
        Flow.of(WEB, CATALOG_V2, List.of(8080, 9090)),
        Flow.of(WEB, DB, List.of(5432, 5433)),
        Flow.of(WEB, STRIPE, List.of(443)),
        Flow.of(WEB, new PolicyEnd.ApiServer(List.of("172.18.0.10")), List.of(6443)),
        Flow.of(PROMETHEUS, NODE_EXPORTER, List.of(9100)),
        Flow.of(NODE_EXPORTER, CATALOG_V1, List.of(8080)),
        Flow.of(new PolicyEnd.Outside(List.of(), List.of("198.51.100.7")), WEB, List.of(80)));
  }

  static NetworkPolicyGenerator.Result generate(List<Flow> flows, boolean egress, boolean deny) {
    NetworkPolicyGenerator.Options d = NetworkPolicyGenerator.Options.defaults();
    return new NetworkPolicyGenerator(
            new NetworkPolicyGenerator.Options(egress, deny, d.dnsNamespace(), d.dnsLabels()))
        .generate(flows);
  }

  static NetworkPolicy named(NetworkPolicyGenerator.Result r, String key) {
    return r.policies().stream()
        .filter(p -> PolicyFiles.key(p).equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no policy " + key + " in " + r.policies()));
  }

  @Test
  void ingressPerServer_fromEachClient_onTargetPorts_withStableLabelsOnly() {
    NetworkPolicyGenerator.Result r = generate(sampleMap(), true, false);
    NetworkPolicy db = named(r, "data/netmapper-db-ingress");
    assertThat(db.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "db"));
    assertThat(db.getSpec().getPolicyTypes()).containsExactly("Ingress");
    var rule = db.getSpec().getIngress().get(0);
    assertThat(rule.getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "shop"));
    assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app", "web")); // no pod-template-hash
    assertThat(rule.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(5432, 5433);
  }

  @Test
  void serviceFrontingSeveralWorkloads_getsOnePolicyPerWorkload_withItsOwnPorts() {
    NetworkPolicyGenerator.Result r = generate(sampleMap(), true, false);
    assertThat(
            named(r, "shop/netmapper-catalog-v1-ingress")
                .getSpec()
                .getPodSelector()
                .getMatchLabels())
        .isEqualTo(Map.of("app", "catalog", "version", "v1"));
    assertThat(
            named(r, "shop/netmapper-catalog-v2-ingress").getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(8080, 9090);
    List<String> webEgressTargets = new ArrayList<>();
    named(r, "shop/netmapper-web-egress")
        .getSpec()
        .getEgress()
        .forEach(e -> webEgressTargets.add(String.valueOf(e.getTo())));
    assertThat(String.join("\n", webEgressTargets)).contains("version=v1").contains("version=v2");
  }

  @Test
  void egress_coversDnsApiServerAndInternetByAddress_v4AndV6() {
    NetworkPolicyGenerator.Result r = generate(sampleMap(), true, false);
    NetworkPolicy web = named(r, "shop/netmapper-web-egress");
    assertThat(web.getSpec().getPolicyTypes()).containsExactly("Egress");
    String yaml = PolicyFiles.yaml(List.of(web), r.comments());
    assertThat(yaml)
        .contains("k8s-app: \"kube-dns\"")
        .contains("protocol: \"UDP\"")
        .contains("cidr: \"203.0.113.10/32\"")
        .contains("cidr: \"2001:db8::10/128\"")
        .contains("cidr: \"172.18.0.10/32\"")
        .contains("# Internet target api.stripe.com: observed addresses")
        .contains("# the API server: its endpoint addresses 172.18.0.10");
  }

  @Test
  void hostNetworkEnds_becomeNodeAddressBlocks_withACommentAndAWarning() {
    NetworkPolicyGenerator.Result r = generate(sampleMap(), true, false);
    String yaml = PolicyFiles.yaml(r.policies(), r.comments());
    assertThat(yaml)
        .contains("# hostNetwork workload node-exporter.monitoring cannot be selected")
        .contains("cidr: \"172.18.0.2/32\"")
        .contains("cidr: \"172.18.0.3/32\"");
    assertThat(r.policies()).noneMatch(p -> p.getMetadata().getName().contains("node-exporter"));
    assertThat(r.warnings())
        .contains(
            "hostNetwork workload node-exporter.monitoring cannot be selected by a NetworkPolicy:"
                + " its ingress is not restricted",
            "hostNetwork workload node-exporter.monitoring cannot be selected by a NetworkPolicy:"
                + " its egress is not restricted");
    // catalog-v1 accepts node-exporter by its node addresses
    assertThat(named(r, "shop/netmapper-catalog-v1-ingress").getSpec().getIngress())
        .anyMatch(i -> i.getFrom().stream().anyMatch(f -> f.getIpBlock() != null));
  }

  @Test
  void internetIngress_isAllowedFromTheObservedAddress() {
    NetworkPolicy web = named(generate(sampleMap(), true, false), "shop/netmapper-web-ingress");
    assertThat(web.getSpec().getIngress().get(0).getFrom().get(0).getIpBlock().getCidr())
        .isEqualTo("198.51.100.7/32");
  }

  @Test
  void workloadWithoutStableLabels_isSkipped_andSaidSo() {
    PolicyEnd.Pods bare =
        new PolicyEnd.Pods("shop", "debug", "Pod", Map.of("pod-template-hash", "x"));
    NetworkPolicyGenerator.Result r =
        generate(List.of(Flow.of(bare, DB, List.of(5432))), true, false);
    assertThat(r.policies())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("netmapper-db-ingress");
    assertThat(r.warnings())
        .containsExactly(
            "workload debug.shop has no stable pod labels to select it: no policy generated for it");
    assertThat(r.comments().get("data/netmapper-db-ingress"))
        .containsExactly(
            "debug.shop has no stable labels: all pods of namespace shop stand for it");
  }

  @Test
  void fqdnOnlyInternetTarget_cannotBeExpressed_andIsWarned() {
    NetworkPolicyGenerator.Result r =
        generate(
            List.of(
                Flow.of(WEB, new PolicyEnd.Outside(List.of("a.example"), List.of()), List.of(443))),
            true,
            false);
    assertThat(r.warnings())
        .containsExactly(
            "Internet target a.example has no observed address; FQDN egress cannot be expressed");
  }

  @Test
  void defaultDeny_onePerNamespace_andEgressCanBeLeftOut() {
    NetworkPolicyGenerator.Result withEgress = generate(sampleMap(), true, true);
    List<NetworkPolicy> denies =
        withEgress.policies().stream()
            .filter(p -> p.getMetadata().getName().equals("netmapper-default-deny"))
            .toList();
    assertThat(denies)
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactly("data", "monitoring", "shop");
    assertThat(denies.get(0).getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(denies.get(0).getSpec().getIngress()).isNullOrEmpty();

    NetworkPolicyGenerator.Result ingressOnly = generate(sampleMap(), false, true);
    assertThat(ingressOnly.policies())
        .noneMatch(p -> p.getMetadata().getName().endsWith("-egress"));
    assertThat(named(ingressOnly, "shop/netmapper-default-deny").getSpec().getPolicyTypes())
        .containsExactly("Ingress");
  }

  @Test
  void output_isDeterministic_whateverTheInputOrder() {
    List<Flow> shuffled = new ArrayList<>(sampleMap());
    Collections.reverse(shuffled);
    NetworkPolicyGenerator.Result a = generate(sampleMap(), true, true);
    NetworkPolicyGenerator.Result b = generate(shuffled, true, true);
    assertThat(PolicyFiles.yaml(b.policies(), b.comments()))
        .isEqualTo(PolicyFiles.yaml(a.policies(), a.comments()));
    assertThat(a.policies()).extracting(PolicyFiles::key).isSorted();
  }

  @Test
  void yaml_roundTripsThroughFabric8sModel() {
    NetworkPolicyGenerator.Result r = generate(sampleMap(), true, true);
    List<NetworkPolicy> back =
        PolicyFiles.parse(PolicyFiles.yaml(r.policies(), r.comments()), "test");
    assertThat(back).isEqualTo(r.policies());
  }

  @Test
  void everyDocument_validatesAgainstTheNetworkingV1Schema_strictly() throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    JsonNode schemaNode;
    try (InputStream in =
        getClass().getResourceAsStream("/schemas/networkpolicy-networking-v1.json")) {
      schemaNode = closed(json.readTree(in));
    }
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaNode);
    KubernetesSerialization k8s = new KubernetesSerialization();
    NetworkPolicyGenerator.Result r = generate(sampleMap(), true, true);
    assertThat(r.policies()).hasSizeGreaterThan(5);
    for (NetworkPolicy p : r.policies()) {
      JsonNode doc = json.readTree(k8s.asJson(p));
      assertThat(schema.validate(doc)).as("%s", doc).isEmpty();
    }
    // the check can fail: a misspelt field is caught
    JsonNode bad =
        json.readTree(
            k8s.asJson(r.policies().get(0)).replace("\"podSelector\"", "\"podSelecter\""));
    assertThat(schema.validate(bad)).isNotEmpty();
  }

  /** Every object schema that lists properties rejects others (the API server would). */
  private static JsonNode closed(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      if (obj.has("properties") && !obj.has("additionalProperties")) {
        obj.put("additionalProperties", false);
      }
      obj.properties().forEach(e -> closed(e.getValue()));
    } else if (node != null && node.isArray()) {
      node.forEach(NetworkPolicyGeneratorTest::closed);
    }
    return node;
  }

  @Test
  void generatedPolicies_allowEveryObservedFlow_andBlockAnUnobservedOne() {
    NetworkPolicyGenerator.Result r = generate(sampleMap(), true, true);
    FlowCheck check = new FlowCheck(new PolicyEvaluator(r.policies()), FlowCheck::automaticLabels);
    assertThat(check.check(sampleMap())).allMatch(FlowCheck.FlowVerdict::allowed);
    List<FlowCheck.FlowVerdict> unobserved =
        check.check(
            List.of(
                Flow.of(CATALOG_V1, DB, List.of(5432)),
                Flow.of(WEB, DB, List.of(22)),
                Flow.of(PROMETHEUS, STRIPE, List.of(443))));
    assertThat(unobserved).noneMatch(FlowCheck.FlowVerdict::allowed);
  }
}
