package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Otterize's network-mapper values render with this chart (helm-java: template and lint --strict)
 * and give exactly the manifests of the same settings in netmapper's spelling; keys of features
 * netmapper does not have fail, naming the key, once they turn the feature on.
 */
class OtterizeValuesTest {

  @SuppressWarnings("unchecked")
  static Map<String, Object> file(String name) {
    try (InputStream in = OtterizeValuesTest.class.getResourceAsStream("/otterize/" + name)) {
      return Chart.YAML.readValue(in, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void otterizeDefaults_renderAndLintStrictClean() {
    Map<String, Object> otterize = file("otterize-default-values.yaml");
    assertThat(Chart.template(otterize)).contains("kind: Deployment");
    assertClean(Chart.lint(otterize));
  }

  @Test
  void otterizeDefaults_giveTheManifestsOfTheSameSettingsInNetmapperSpelling() {
    Map<String, Object> netmapper =
        Chart.values(
            "mapper.allowGetAllResources",
            true,
            "istio.enabled",
            true,
            "global.excludeNamespaces",
            List.of("istio-system"),
            "sniffer.tolerations",
            List.of());
    assertThat(Chart.template(file("otterize-default-values.yaml")))
        .isEqualTo(Chart.template(netmapper));
  }

  @Test
  void customisedOtterizeFile_rendersLintsAndEqualsNetmapperSpelling() {
    Map<String, Object> otterize = file("otterize-custom-values.yaml");
    String rendered = Chart.template(otterize);
    assertThat(rendered).isEqualTo(Chart.template(file("netmapper-custom-values.yaml")));
    assertThat(rendered)
        .contains("image: registry.example.com/mirror/mapper:0.9.0")
        .contains("imagePullPolicy: Always")
        .contains("name: HTTPS_PROXY")
        .contains("value: \"istio-system,monitoring\"")
        .contains("value: \"DEBUG\"")
        .contains("name: regcred")
        .contains("team: platform");
    assertClean(Chart.lint(otterize));
  }

  static List<Object[]> unsupported() {
    return List.of(
        new Object[] {Chart.values("nodeagent.enable", true), "nodeagent.enable"},
        new Object[] {Chart.values("opentelemetry.enable", true), "opentelemetry.enable"},
        new Object[] {Chart.values("global.openshift", true), "global.openshift"},
        new Object[] {Chart.values("global.azure.enabled", true), "global.azure.enabled"},
        new Object[] {
          Chart.values("global.otterizeCloud.credentials.clientId", "abc"),
          "global.otterizeCloud.credentials.clientId"
        },
        new Object[] {
          Chart.values("global.telemetry.errors.enabled", true), "global.telemetry.errors.enabled"
        },
        new Object[] {
          Chart.values("enableInternetFacingTrafficReporting", false),
          "enableInternetFacingTrafficReporting"
        },
        new Object[] {
          Chart.values("global.workloadNameOverrideAnnotationName", "example.com/name"),
          "global.workloadNameOverrideAnnotationName"
        },
        new Object[] {
          Chart.values("mapper.podSecurityContext.runAsNonRoot", false),
          "mapper.podSecurityContext.runAsNonRoot"
        },
        new Object[] {
          Chart.values("mapper.podSecurityContext.runAsUser", 1000),
          "mapper.podSecurityContext.runAsUser"
        },
        new Object[] {
          Chart.values(
              "kafkawatcher.containerSecurityContext.capabilities.add", List.of("NET_RAW")),
          "kafkawatcher.containerSecurityContext.capabilities.add"
        },
        new Object[] {
          Chart.values("sniffer.containerSecurityContext.privileged", true),
          "sniffer.containerSecurityContext.privileged"
        },
        new Object[] {
          Chart.values("sniffer.containerSecurityContext.capabilities.add", List.of("SYS_ADMIN")),
          "sniffer.containerSecurityContext.capabilities.add"
        });
  }

  @ParameterizedTest
  @MethodSource("unsupported")
  void featureNetmapperDoesNotHave_failsNamingTheKey(Map<String, Object> values, String key) {
    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining(key)
        .hasMessageContaining("docs/migrating-from-otterize.md")
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("values don't meet the specifications"));
  }

  @Test
  void offSwitchesOfMissingFeatures_areAccepted() {
    Map<String, Object> values =
        Chart.values(
            "nodeagent.enable", false,
            "opentelemetry.enable", false,
            "global.openshift", false,
            "global.azure.enabled", false,
            "dnsClientIntentsUpdateEnabled", false,
            "sniffer.useExtendedProcfsResolution", true,
            "piidetector.tag", "v0.0.4");
    assertThat(Chart.template(values)).isEqualTo(Chart.template(Map.of()));
  }

  private static void assertClean(LintResult r) {
    assertThat(r.isFailed()).as("lint messages: %s", r.getMessages()).isFalse();
    assertThat(r.getMessages())
        .as("lint --strict warnings and errors")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
