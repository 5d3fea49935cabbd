package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.helm.Combination.KafkaMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * docs/install.md names every value; NOTES.txt tells the user how to run {@code netmapper list}.
 */
class ChartDocsTest {

  @Test
  void installDoc_namesEveryValue() throws Exception {
    String doc =
        Files.readString(
            Path.of(System.getProperty("netmapper.docs", "../docs")).resolve("install.md"));
    List<String> paths = new ArrayList<>();
    leafPaths(Chart.defaultValues(), "", paths);
    assertThat(paths).hasSizeGreaterThan(40);
    List<String> missing = new ArrayList<>();
    for (String path : paths) {
      if (!documented(doc, path)) {
        missing.add(path);
      }
    }
    assertThat(missing).as("values.yaml entries docs/install.md does not name").isEmpty();
  }

  @Test
  void notes_defaultInstall_saysNetmapperList() {
    String notes = Chart.notes(Map.of(), Chart.NAMESPACE);
    assertThat(notes)
        .contains("  netmapper list\n")
        .contains("kubectl -n netmapper-system rollout status deployment/netmapper-mapper")
        .contains("pod-security.kubernetes.io/enforce=privileged")
        .doesNotContain("--mapper-namespace");
  }

  @Test
  void notes_otherNamespaceOrPort_givesTheFlagsTheCliNeeds() {
    String notes =
        Chart.notes(
            Chart.mergeMaps(KafkaMode.SERVERS.overrides(), Chart.values("mapper.port", 9191)),
            "observability");
    assertThat(notes)
        .contains(
            "netmapper list --mapper-namespace observability --mapper-service-name netmapper-mapper"
                + " --mapper-service-port 9191")
        .contains("kafka-watcher")
        .doesNotContain("istio");
    assertThat(Chart.notes(Chart.values("istio.enabled", true), Chart.NAMESPACE))
        .contains("Envoy sidecars");
  }

  @Test
  void notes_awsVisibility_saysHowToOptInAndWhereCallsShow() {
    assertThat(Chart.notes(Map.of(), Chart.NAMESPACE)).doesNotContain("aws-visibility");
    String notes = Chart.notes(Chart.values("aws.visibility.enabled", true), Chart.NAMESPACE);
    // the opt-in labels are the ones the webhook configuration selects on
    assertThat(notes)
        .contains("netmapper.io/aws-visibility", "network-mapper.otterize.com/aws-visibility")
        .contains("Deployment/netmapper-aws-visibility")
        .contains("aws targets in `netmapper list` and `netmapper export`");
  }

  /**
   * Documented: the doc names the value, or a parent below the group (mapper.resources), in
   * backticks.
   */
  private static boolean documented(String doc, String path) {
    String p = path;
    while (true) {
      if (doc.contains("`" + p + "`")) {
        return true;
      }
      int dot = p.lastIndexOf('.');
      if (dot < 0 || p.substring(0, dot).indexOf('.') < 0) {
        return false; // a component or group name alone documents nothing
      }
      p = p.substring(0, dot);
    }
  }

  private static void leafPaths(JsonNode node, String prefix, List<String> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (var e : node.properties()) {
        leafPaths(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
      }
    } else {
      out.add(prefix);
    }
  }
}
