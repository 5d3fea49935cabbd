package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.netmapper.aws.AwsVisibilitySettings;
import io.netmapper.helm.Combination.KafkaMode;
import io.netmapper.kafkawatcher.KafkaWatcherSettings;
import io.netmapper.mapper.MapperSettings;
import io.netmapper.sniffer.SnifferSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Jib configuration of each image module agrees with the chart and the component: bound to no
 * phase, the chart's repository, the jar's main class, the component's default port, the user the
 * chart runs the pod as, and the JVM flags docs/install.md lists.
 */
class ChartImagesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "mapper, mapper, mapper, netmapper-mapper, 65532:65532",
    "sniffer, sniffer, sniffer, netmapper-sniffer, 0",
    "kafka-watcher, kafka-watcher, kafkawatcher, netmapper-kafka-watcher, 65532:65532",
    "aws-visibility, aws-visibility, aws.visibility, netmapper-aws-visibility, 65532:65532"
  })
  void jibConfig_agreesWithChartAndComponent(
      String module, String image, String valuesKey, String workload, String user)
      throws Exception {
    Element pom = pom(module);
    Element jib = plugin(pom, "jib-maven-plugin");
    assertThat(jib).as("%s declares the jib plugin", module).isNotNull();
    assertThat(jib.getElementsByTagName("executions").getLength())
        .as("jib bound to a phase in %s", module)
        .isZero();
    assertThat(text(jib, "skip")).isEqualTo("false");
    Element to = (Element) jib.getElementsByTagName("to").item(0);
    assertThat(text(to, "image")).isEqualTo("${image.registry}/" + image + ":${image.tag}");
    // the chart's default repository is <image.registry default>/<image>, its tag the project
    // version
    Element root = pom("..");
    String registry =
        text((Element) root.getElementsByTagName("properties").item(0), "image.registry");
    assertThat(
            Chart.defaultValues()
                .at("/" + valuesKey.replace('.', '/'))
                .path("image")
                .path("repository")
                .asString())
        .isEqualTo(registry + "/" + image);
    assertThat(Files.readString(Chart.dir().resolve("Chart.yaml")))
        .contains("appVersion: \"" + System.getProperty("netmapper.version") + "\"");
    assertThat(text((Element) root.getElementsByTagName("properties").item(0), "jib.skip"))
        .isEqualTo("true");

    Element container = (Element) jib.getElementsByTagName("container").item(0);
    String mainClass = text(container, "mainClass");
    assertThat(mainClass).isEqualTo(text(plugin(pom, "maven-jar-plugin"), "mainClass"));
    assertThat(text(container, "user")).isEqualTo(user);
    List<String> ports = texts(container, "port");
    List<String> defaultPorts =
        switch (module) {
          case "mapper" -> List.of(MapperSettings.defaultOf("--port"));
          case "sniffer" -> List.of(SnifferSettings.defaultOf("--health-port"));
          case "kafka-watcher" -> List.of(KafkaWatcherSettings.defaultOf("--health-port"));
          default ->
              List.of(
                  AwsVisibilitySettings.defaultOf("--health-port"),
                  AwsVisibilitySettings.defaultOf("--proxy-https-port"),
                  AwsVisibilitySettings.defaultOf("--proxy-http-port"),
                  AwsVisibilitySettings.defaultOf("--dns-port") + "/udp",
                  AwsVisibilitySettings.defaultOf("--dns-port") + "/tcp",
                  AwsVisibilitySettings.defaultOf("--webhook-port"));
        };
    assertThat(ports).containsExactlyElementsOf(defaultPorts);

    // the chart runs the pod as the image's user
    PodSpec spec =
        Pods.workloads(
                Chart.render(
                    Chart.mergeMaps(
                        KafkaMode.SERVERS.overrides(),
                        Chart.values("aws.visibility.enabled", true))))
            .get(workload);
    if (user.equals("0")) {
      assertThat(spec.getSecurityContext().getRunAsUser()).isNull();
    } else {
      assertThat(
              spec.getSecurityContext().getRunAsUser()
                  + ":"
                  + spec.getSecurityContext().getRunAsGroup())
          .isEqualTo(user);
    }
    // the JVM flags are documented as they are
    String jvm = text(container, "JAVA_TOOL_OPTIONS");
    assertThat(jvm).contains("-XX:+UseSerialGC").contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(
            Files.readString(
                Path.of(System.getProperty("netmapper.docs", "../docs")).resolve("install.md")))
        .contains("`" + jvm + "`");
  }

  @Test
  void snifferImage_measuredFootprintFlags() throws Exception {
    String jvm =
        text(
            (Element)
                plugin(pom("sniffer"), "jib-maven-plugin")
                    .getElementsByTagName("container")
                    .item(0),
            "JAVA_TOOL_OPTIONS");
    assertThat(jvm)
        .contains(
            "-Xmx32m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:MaxDirectMemorySize=16m");
    // the chart's limit leaves room for the JVM beyond the 32 MiB heap (measured RSS ~82 MiB)
    assertThat(
            Chart.defaultValues()
                .path("sniffer")
                .path("resources")
                .path("limits")
                .path("memory")
                .asString())
        .isEqualTo("256Mi");
  }

  private static Element pom(String module) throws Exception {
    Path file = Chart.repoRoot().resolve(module.equals("..") ? "pom.xml" : module + "/pom.xml");
    var factory = DocumentBuilderFactory.newInstance();
    return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
  }

  private static Element plugin(Element pom, String artifactId) {
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      if (artifactId.equals(text(p, "artifactId"))) {
        return p;
      }
    }
    return null;
  }

  private static List<String> texts(Element parent, String tag) {
    NodeList n = parent.getElementsByTagName(tag);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.getLength(); i++) {
      out.add(n.item(i).getTextContent().trim());
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    NodeList n = parent.getElementsByTagName(tag);
    return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
  }
}
