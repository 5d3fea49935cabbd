package io.netmapper.testbed.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code netmapper demo --check}: bad scenario files are refused with the line of each problem. */
class ScenarioLinterTest {

  @Test
  void everyBuiltInScenario_isClean() {
    for (String name : Scenarios.BUILT_IN) {
      assertThat(ScenarioLinter.check(Scenarios.text(name))).as(name).isEmpty();
    }
  }

  @Test
  void portOutOfRange_namesItsLine() {
    List<ScenarioLinter.Problem> problems =
        ScenarioLinter.check(
            """
            name: bad-port
            workloads:
              - {name: a}
              - {name: b, ports: [8080]}
            traffic:
              - {from: a, to: "ip:10.0.0.1", port: 70000}
            """);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(6);
    assertThat(problems.get(0).message()).contains("port must be 1..65535, not 70000");
  }

  @Test
  void unknownKey_andWrongType_nameTheirLines() {
    assertThat(ScenarioLinter.check("name: x\nworkloads:\n  - name: a\n    replicaz: 2\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(4);
              assertThat(p.message()).contains("replicaz");
            });
    assertThat(ScenarioLinter.check("name: x\nworkloads:\n  - name: a\n    replicas: many\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(4));
    assertThat(ScenarioLinter.check("name: x\nduration: soon\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.message()).contains("500ms, 30s, 5m, 1h or PT30S");
            });
  }

  @Test
  void invalidValue_inACompactConstructor_namesTheEntrysLine() {
    List<ScenarioLinter.Problem> problems =
        ScenarioLinter.check(
            """
            name: x
            workloads:
              - {name: a}
              - {name: b, kind: Rollout}
            """);
    assertThat(problems).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(4));
    assertThat(problems.get(0).message()).contains("kind must be");
  }

  @Test
  void brokenYaml_namesItsLine() {
    assertThat(ScenarioLinter.check("name: x\nworkloads: [\n  {name: a\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.line()).isPositive());
  }

  @Test
  void danglingReferences_eachNameTheirLine() {
    List<ScenarioLinter.Problem> problems =
        ScenarioLinter.check(
            """
            name: refs
            workloads:
              - {name: a, namespace: shop}
              - {name: b, namespace: shop, ports: [80]}
            services:
              - {name: b, namespace: shop, ports: [{port: 80}]}
            traffic:
              - {from: a, to: b, port: 80}
              - {from: nobody, to: b, port: 80}
              - {from: a, to: nowhere, port: 80}
              - {from: a, to: b, port: 81}
              - {from: a, to: "pod:ghost", port: 80}
              - {from: a, to: "node:other-node", port: 80}
            events:
              - {at: 1s, action: reuse-ip, workload: a, replacement: ghost}
            expect:
              - shop/a -> shop/b
              - shop/a => shop/b
              - shop/ghost -> shop/b
            """);
    assertThat(problems)
        .extracting(ScenarioLinter.Problem::line)
        .containsExactly(9, 10, 11, 12, 13, 15, 18, 19);
    assertThat(problems.get(0).message()).contains("from nobody: no such workload");
    assertThat(problems.get(1).message()).contains("no Service or external host");
    assertThat(problems.get(2).message()).contains("has no port 81");
    assertThat(problems.get(3).message()).contains("no such workload");
    assertThat(problems.get(4).message()).contains("one node");
    assertThat(problems.get(5).message()).contains("no workload ghost");
    assertThat(problems.get(6).message()).contains("client -> server");
    assertThat(problems.get(7).message()).contains("namespace/name");
  }

  @Test
  void newForms_areAccepted() {
    assertThat(
            ScenarioLinter.check(
                """
                name: forms
                duration: 10s
                workloads:
                  - {name: v6, ipFamilies: [IPv6], ports: [80]}
                  - {name: c}
                services:
                  - {name: v6, ipFamilies: [IPv6, IPv4], ports: [{port: 80}]}
                externals:
                  - {name: nodata.example}
                traffic:
                  - {from: c, to: nodata.example, mode: lookup, interval: 500ms}
                  - {from: c, to: "node:", port: 10250}
                  - {from: c, to: "ipv6:v6", port: 80}
                events:
                  - {at: 2s, action: delete-pod, workload: v6, endpointsLag: 1s}
                """))
        .isEmpty();
  }

  @Test
  void contradictions_areRefused() {
    assertThat(ScenarioLinter.check("name: x\nworkloads:\n  - {name: a, ipFamilies: [IPv5]}\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("ipFamilies must be"));
    assertThat(
            ScenarioLinter.check(
                "name: x\nworkloads:\n  - {name: a, hostNetwork: true, ipFamilies: [IPv6]}\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("node's address"));
    assertThat(
            ScenarioLinter.check(
                "name: x\nworkloads:\n  - {name: a}\ntraffic:\n"
                    + "  - {from: a, to: x.example, mode: lookup, port: 53}\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("takes no port"));
  }
}
