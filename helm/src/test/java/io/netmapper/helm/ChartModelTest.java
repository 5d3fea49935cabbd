package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.netmapper.helm.Chart.Manifest;
import io.netmapper.helm.Combination.KafkaMode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code helm template} renders every switch combination; every manifest parses into the fabric8
 * model of its kind with no unknown field and survives a round trip unchanged; each combination
 * renders exactly the objects it should.
 */
class ChartModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netmapper.helm.Combination#all")
  void everyManifest_isItsFabric8KindWithNoUnknownField(Combination c) {
    List<Manifest> manifests = Chart.render(c.values());
    assertThat(manifests).isNotEmpty();
    for (Manifest m : manifests) {
      HasMetadata object = m.object();
      assertThat(object.getKind()).isEqualTo(m.kind());
      List<String> unknown = new ArrayList<>();
      unknownFields(object, m.kind(), unknown);
      assertThat(unknown)
          .as("%s: fields the %s model does not know", m.source(), m.kind())
          .isEmpty();
      JsonNode original = JSON.readTree(JSON.writeValueAsString(m.tree()));
      JsonNode roundTrip = JSON.readTree(Chart.K8S.asJson(object));
      assertThat(roundTrip)
          .as("%s: the fabric8 model changed or dropped something", m.source())
          .isEqualTo(original);
    }
  }

  @Test
  void everyValueSet_everyManifestIsItsFabric8KindWithNoUnknownField() {
    everyManifest_isItsFabric8KindWithNoUnknownField(
        new Combination(
            "everything set",
            ChartSettingsTest.everythingSet(),
            true,
            true,
            false,
            true,
            true,
            KafkaMode.SELECTOR_ONE_NAMESPACE,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netmapper.helm.Combination#all")
  void eachCombination_rendersExactlyItsObjects(Combination c) {
    Set<String> expected =
        new TreeSet<>(
            List.of(
                "Deployment/netmapper-system/netmapper-mapper",
                "Service/netmapper-system/netmapper-mapper",
                "ServiceAccount/netmapper-system/netmapper-mapper",
                "ClusterRole//netmapper-mapper",
                "ClusterRoleBinding//netmapper-mapper"));
    if (c.pdb()) {
      expected.add("PodDisruptionBudget/netmapper-system/netmapper-mapper");
    }
    if (c.sniffer()) {
      expected.add("DaemonSet/netmapper-system/netmapper-sniffer");
      expected.add("ServiceAccount/netmapper-system/netmapper-sniffer");
    }
    if (c.kafka() != KafkaMode.OFF) {
      expected.add("Deployment/netmapper-system/netmapper-kafka-watcher");
      expected.add("ServiceAccount/netmapper-system/netmapper-kafka-watcher");
    }
    switch (c.kafka()) {
      case SERVERS -> {
        for (String ns : List.of("kafka", "streaming")) {
          expected.add("Role/" + ns + "/netmapper-kafka-watcher");
          expected.add("RoleBinding/" + ns + "/netmapper-kafka-watcher");
        }
      }
      case SELECTOR_ALL_NAMESPACES -> {
        expected.add("ClusterRole//netmapper-kafka-watcher");
        expected.add("ClusterRoleBinding//netmapper-kafka-watcher");
      }
      case SELECTOR_ONE_NAMESPACE -> {
        expected.add("Role/kafka/netmapper-kafka-watcher");
        expected.add("RoleBinding/kafka/netmapper-kafka-watcher");
      }
      case OFF -> {}
    }
    if (c.aws()) {
      for (String kind :
          List.of("Deployment", "Service", "ServiceAccount", "Role", "RoleBinding")) {
        expected.add(kind + "/netmapper-system/netmapper-aws-visibility");
      }
      expected.add("Secret/netmapper-system/netmapper-aws-visibility-ca");
      expected.add("ClusterRole//netmapper-aws-visibility");
      expected.add("ClusterRoleBinding//netmapper-aws-visibility");
      expected.add("MutatingWebhookConfiguration//netmapper-aws-visibility");
    }
    List<String> names = Chart.names(Chart.render(c.values()));
    assertThat(names).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(names)).isEqualTo(expected);
  }

  @Test
  void templateFileNames_followComponentKind() throws Exception {
    List<String> files;
    try (var s = Files.list(Chart.dir().resolve("templates"))) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(files)
        .allMatch(
            f ->
                f.equals("_helpers.tpl")
                    || f.equals("NOTES.txt")
                    || f.matches("(mapper|sniffer|kafkawatcher|awsvisibility)-[a-z]+\\.yaml"),
            "<component>-<kind>.yaml");
    // every rendered object comes from its component's template
    List<Manifest> all =
        new ArrayList<>(
            Chart.render(
                Chart.values(
                    "mapper.podDisruptionBudget.enabled", true, "aws.visibility.enabled", true)));
    all.addAll(Chart.render(KafkaMode.SERVERS.overrides()));
    for (Manifest m : all) {
      String component =
          m.tree()
              .path("metadata")
              .path("labels")
              .path("app.kubernetes.io/component")
              .asString()
              .replace("-", "");
      assertThat(m.source())
          .as("%s/%s", m.kind(), m.name())
          .startsWith("netmapper/templates/" + component + "-");
    }
  }

  @Test
  void commonLabelsAndAnnotations_onEveryObject() {
    List<Manifest> all = new ArrayList<>();
    Map<String, Object> extra =
        Chart.values(
            "global.commonLabels",
            Map.of("team", "net"),
            "global.commonAnnotations",
            Map.of("owner", "ops"),
            "mapper.podDisruptionBudget.enabled",
            true);
    all.addAll(Chart.render(extra));
    all.addAll(Chart.render(Chart.mergeMaps(extra, KafkaMode.SERVERS.overrides())));
    all.addAll(Chart.render(Chart.mergeMaps(extra, KafkaMode.SELECTOR_ALL_NAMESPACES.overrides())));
    all.addAll(Chart.render(Chart.mergeMaps(extra, Chart.values("aws.visibility.enabled", true))));
    for (Manifest m : all) {
      HasMetadata o = m.object();
      assertThat(o.getMetadata().getLabels())
          .as(m.source())
          .containsEntry("team", "net")
          .containsEntry("app.kubernetes.io/part-of", "netmapper")
          .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
      assertThat(o.getMetadata().getAnnotations()).as(m.source()).containsEntry("owner", "ops");
    }
  }

  @Test
  void defaultRender_isWrittenForReading() throws Exception {
    // the default install as plain YAML, for reviewers: target/rendered/default.yaml
    Path out = Path.of("target", "rendered");
    Files.createDirectories(out);
    String rendered = Chart.template(Map.of());
    Files.writeString(out.resolve("default.yaml"), rendered);
    Files.writeString(
        out.resolve("kafka-watcher.yaml"), Chart.template(KafkaMode.SERVERS.overrides()));
    Files.writeString(
        out.resolve("aws-visibility.yaml"),
        Chart.template(Chart.values("aws.visibility.enabled", true)));
    assertThat(Chart.split(rendered)).hasSize(7);
  }

  @Test
  void unknownFieldCheck_catchesATypo() {
    Manifest typo =
        Chart.split(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n"
                    + "    - name: c\n      image: i\n      securityContext:\n        runAsNonroot: true\n")
            .get(0);
    List<String> unknown = new ArrayList<>();
    unknownFields(typo.object(), "Pod", unknown);
    assertThat(unknown).singleElement().asString().contains("runAsNonroot");
  }

  /**
   * Every non-empty {@code additionalProperties} in the object tree: fields the model does not
   * have.
   */
  static void unknownFields(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, out));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      Object v;
      try {
        v = m.invoke(o);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(path + "." + m.getName(), e);
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": " + extra.keySet());
        }
        continue;
      }
      unknownFields(v, path + "." + m.getName().substring(3), out);
    }
  }
}
