package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} is clean for the default values and for every switch combination. */
class ChartLintTest {

  @Test
  void defaultValues_lintStrictClean() {
    assertClean(Chart.lint(Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netmapper.helm.Combination#all")
  void everySwitchCombination_lintStrictClean(Combination c) {
    assertClean(Chart.lint(c.values()));
  }

  @Test
  void everyValueSet_lintStrictClean() {
    assertClean(Chart.lint(ChartSettingsTest.everythingSet()));
  }

  @Test
  void lint_seesSchemaErrors() {
    // the same lint that passes above fails on a value the schema rejects (so it does validate)
    LintResult r = Chart.lint(Chart.values("mapper.port", -1));
    assertThat(r.isFailed()).isTrue();
    assertThat(String.join("\n", r.getMessages())).contains("port");
  }

  private static void assertClean(LintResult r) {
    assertThat(r.isFailed()).as("lint messages: %s", r.getMessages()).isFalse();
    assertThat(r.getMessages())
        .as("lint --strict warnings and errors")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
