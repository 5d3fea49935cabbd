package io.netmapper.istiowatcher.discover;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarTest {

  static PodBuilder pod(String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName("web-0")
        .withUid("uid-1")
        .withLabels(Map.of("security.istio.io/tlsMode", "istio"))
        .withCreationTimestamp("2026-11-26T04:00:00Z")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ip)
        .endStatus();
  }

  static PodBuilder withProxy(PodBuilder b, Integer promPort) {
    if (promPort == null) {
      return b.editSpec().addNewContainer().withName("istio-proxy").endContainer().endSpec();
    }
    return b.editSpec()
        .addNewContainer()
        .withName("istio-proxy")
        .addNewPort()
        .withName("http-envoy-prom")
        .withContainerPort(promPort)
        .endPort()
        .endContainer()
        .endSpec();
  }

  @Test
  void injectedProxy_declaredPromPortWins_elseTheDefault() {
    Sidecar declared = Sidecar.of(withProxy(pod("10.244.1.5"), 15091).build(), 15090);
    assertThat(declared.statsPort()).isEqualTo(15091);
    assertThat(declared.statsUri("/stats/prometheus").toString())
        .isEqualTo("http://10.244.1.5:15091/stats/prometheus");
    assertThat(declared.createdMillis())
        .isEqualTo(java.time.Instant.parse("2026-11-26T04:00:00Z").toEpochMilli());
    assertThat(Sidecar.of(withProxy(pod("10.244.1.5"), null).build(), 15090).statsPort())
        .isEqualTo(15090);
  }

  @Test
  void nativeSidecarInInitContainers_andIpv6_areScraped() {
    Pod p =
        pod("fd00:10:244::5")
            .editSpec()
            .addNewInitContainer()
            .withName("istio-proxy")
            .withRestartPolicy("Always")
            .endInitContainer()
            .endSpec()
            .build();
    assertThat(Sidecar.of(p, 15090).statsUri("/stats/prometheus").toString())
        .isEqualTo("http://[fd00:10:244::5]:15090/stats/prometheus");
  }

  @Test
  void noProxyNoIpNoLabelFinishedOrTerminating_isNoSidecar() {
    assertThat(Sidecar.of(pod("10.244.1.5").build(), 15090)).isNull();
    assertThat(Sidecar.of(withProxy(pod(null), null).build(), 15090)).isNull();
    assertThat(
            Sidecar.of(
                withProxy(pod("10.244.1.5"), null)
                    .editMetadata()
                    .withLabels(Map.of())
                    .endMetadata()
                    .build(),
                15090))
        .isNull();
    assertThat(
            Sidecar.of(
                withProxy(pod("10.244.1.5"), null)
                    .editStatus()
                    .withPhase("Succeeded")
                    .endStatus()
                    .build(),
                15090))
        .isNull();
    assertThat(
            Sidecar.of(
                withProxy(pod("10.244.1.5"), null)
                    .editMetadata()
                    .withDeletionTimestamp("2026-11-26T05:00:00Z")
                    .endMetadata()
                    .build(),
                15090))
        .isNull();
  }
}
