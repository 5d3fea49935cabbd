package io.netmapper.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.common.config.EnvDefaults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo's flags and {@code --check}; nothing here needs root. */
class DemoMainTest {
  @TempDir Path dir;

  @Test
  void duration_takesTheProductsSyntax() {
    DemoMain demo = new DemoMain();
    EnvDefaults.commandLine(demo, Map.of()).parseArgs("--duration", "10s");
    assertThat(demo.duration).isEqualTo(Duration.ofSeconds(10));
    EnvDefaults.commandLine(demo, Map.of()).parseArgs("--duration", "PT1M");
    assertThat(demo.duration).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(
            () -> EnvDefaults.commandLine(new DemoMain(), Map.of()).parseArgs("--duration", "soon"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("500ms, 30s, 5m, 1h or PT30S");
  }

  @Test
  void check_badFile_printsEachProblemWithFileAndLine_exit2() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "name: bad\nworkloads:\n  - {name: a}\ntraffic:\n  - {from: a, to: \"ip:10.0.0.1\", port: 70000}\n");
    String out = stdout(() -> assertThat(DemoMain.check(file.toString())).isEqualTo(2));
    assertThat(out.strip())
        .isEqualTo(
            file + ":5: traffic.0: traffic a -> ip:10.0.0.1: port must be 1..65535, not 70000");
  }

  @Test
  void check_goodFile_isOk_exit0() throws Exception {
    Path file = dir.resolve("good.yaml");
    Files.writeString(
        file,
        "name: good\nworkloads:\n  - {name: a}\n  - {name: b, ports: [80]}\n"
            + "services:\n  - {name: b, ports: [{port: 80}]}\n"
            + "traffic:\n  - {from: a, to: b, port: 80, interval: 500ms}\n"
            + "expect:\n  - default/a -> default/b\n");
    String out = stdout(() -> assertThat(DemoMain.check(file.toString())).isZero());
    assertThat(out.strip()).isEqualTo(file + ": ok");
  }

  private static String stdout(Runnable r) {
    PrintStream before = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(before);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
