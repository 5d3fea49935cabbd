package io.netmapper.cli.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** version, completion and --help (with examples on every command). */
class MetaCommandsTest {
  @TempDir Path home;

  @Test
  void version_printsTheBuildVersion() {
    CliRunner.Result r = new CliRunner(home).run("version");
    CliRunner.Result flag = new CliRunner(home).run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).matches("netmapper 0\\.1\\.0-SNAPSHOT \\(Java .+\\)\\n");
    assertThat(flag.out()).isEqualTo(r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bash", "zsh"})
  void completion_isAScriptTheShellAccepts(String shell) throws Exception {
    CliRunner.Result r = new CliRunner(home).run("completion", shell);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "complete -F _complete_netmapper",
            "list",
            "export",
            "visualize",
            "reset",
            "--output-version",
            "--mapper-url");
    Path script = Files.writeString(home.resolve("netmapper." + shell), r.out());
    Process p =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    if (shell.equals("zsh")) {
      assertThat(r.out())
          .startsWith(
              "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"list", "export", "visualize", "reset", "policy", "version", "completion"})
  void everyCommand_hasHelpWithExamples(String command) {
    CliRunner.Result r = new CliRunner(home).run(command, "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .startsWith("Usage: netmapper " + command)
        .contains("Examples:", "  netmapper " + command);
  }

  @Test
  void rootHelp_listsCommandsAndExitCodes() {
    CliRunner.Result r = new CliRunner(home).run("--help");

    assertThat(r.exitCode()).isZero();
    for (String c : List.of("list", "export", "visualize", "reset", "version", "completion")) {
      assertThat(r.out()).contains("  " + c + " ");
    }
    assertThat(r.out()).contains("Exit codes: 0 ok, 1 error, 2 usage error.");
  }
}
