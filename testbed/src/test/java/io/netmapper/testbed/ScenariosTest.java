package io.netmapper.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.testbed.scenario.Scenario;
import io.netmapper.testbed.scenario.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenariosTest {
  @TempDir Path dir;

  @Test
  void everyBuiltInScenario_loadsAndIsConsistent() {
    for (String name : Scenarios.BUILT_IN) {
      Scenario s = Scenarios.load(name);
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.expect()).as(name).isNotEmpty();
      for (Scenario.Traffic t : s.traffic()) {
        assertThat(s.workloads())
            .as(name + ": traffic from " + t.from())
            .anyMatch(w -> w.name().equals(t.from()) || w.ref().equals(t.from()));
      }
    }
  }

  @Test
  void onlineBoutique_expectsExactlyTheDemosCallGraph() {
    Scenario s = Scenarios.load("online-boutique");
    assertThat(s.expect())
        .hasSize(16)
        .contains(
            "ecom-demo/loadgenerator -> ecom-demo/frontend",
            "ecom-demo/recommendationservice -> ecom-demo/productcatalogservice",
            "ecom-demo/cartservice -> ecom-demo/redis-cart");
  }

  @Test
  void scenarioFile_withDefaults() throws Exception {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(
        file,
        """
        name: mine
        workloads:
          - {name: a}
          - {name: b, ports: [80]}
        services:
          - {name: b, ports: [{port: 80}]}
        traffic:
          - {from: a, to: b, port: 80}
        """);
    Scenario s = Scenarios.load(file.toString());
    assertThat(s.duration()).isEqualTo(Duration.ofSeconds(8));
    assertThat(s.workloads().get(0).namespace()).isEqualTo("default");
    assertThat(s.workloads().get(0).kind()).isEqualTo("Deployment");
    assertThat(s.traffic().get(0).mode()).isEqualTo("periodic");
  }

  @Test
  void badScenarios_sayWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> Scenarios.load("no-such-scenario"))
        .hasMessageContaining("built-in: online-boutique");
    Path unknownField = dir.resolve("bad1.yaml");
    Files.writeString(unknownField, "name: x\nworkloadz: []\n");
    assertThatThrownBy(() -> Scenarios.load(unknownField.toString()))
        .hasMessageContaining("workloadz");
    Path badKind = dir.resolve("bad2.yaml");
    Files.writeString(badKind, "name: x\nworkloads:\n  - {name: a, kind: Rollout}\n");
    assertThatThrownBy(() -> Scenarios.load(badKind.toString()))
        .hasMessageContaining("kind must be");
    Path badPort = dir.resolve("bad4.yaml");
    Files.writeString(
        badPort, "name: x\nworkloads:\n  - {name: a}\n  - {name: b, ports: [70000]}\n");
    assertThatThrownBy(() -> Scenarios.load(badPort.toString()))
        .hasMessageContaining("line 4")
        .hasMessageContaining("port must be 1..65535, not 70000");
    Path badMode = dir.resolve("bad3.yaml");
    Files.writeString(
        badMode, "name: x\ntraffic:\n  - {from: a, to: b, port: 1, mode: sometimes}\n");
    assertThatThrownBy(() -> Scenarios.load(badMode.toString()))
        .hasMessageContaining("mode must be");
  }
}
