package io.netmapper.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launchers ({@code ./netmapper}, {@code scripts/run-mapper.sh}) rebuild a jar when anything it
 * is built from changed: its module and every netmapper module it runs with.
 */
class ModuleSourcesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static List<String> sources(String module) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", ROOT.resolve("scripts/module-sources.sh").toString(), module)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out.lines().map(l -> ROOT.relativize(Path.of(l)).toString()).toList();
  }

  @Test
  void cli_isRebuiltWhenCommonChanges() throws Exception {
    assertThat(sources("cli"))
        .contains("pom.xml", "api/src/main", "common/src/main", "cli/pom.xml", "cli/src/main")
        .doesNotContain("mapper/src/main", "testkit/src/main");
  }

  @Test
  void mapper_isRebuiltWhenTheIstioWatcherItRunsChanges() throws Exception {
    assertThat(sources("mapper"))
        .contains("istio-watcher/src/main", "common/src/main", "mapper/src/main");
  }

  @Test
  void demo_isRebuiltWhenAnyModuleItRunsChanges() throws Exception {
    assertThat(sources("testbed"))
        .contains(
            "sniffer/src/main",
            "mapper/src/main",
            "cli/src/main",
            "common/src/main",
            "istio-watcher/src/main",
            "testbed/src/main");
  }
}
