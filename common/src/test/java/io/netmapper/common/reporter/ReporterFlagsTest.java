package io.netmapper.common.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.common.config.EnvDefaults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

class ReporterFlagsTest {
  /** A reporter's flags as the components declare them: the mixins plus one flag of its own. */
  @Command(name = "some-reporter", mixinStandardHelpOptions = true, sortOptions = false)
  static final class Flags {
    @Mixin ReporterFlags reporter;
    @Mixin AggregationFlags aggregation = new AggregationFlags();

    @CommandLine.Option(names = "--own", defaultValue = "x")
    String own;

    Flags(int healthPort) {
      reporter = new ReporterFlags(healthPort);
    }
  }

  private static Flags parse(int healthPort, Map<String, String> env, String... args) {
    Flags f = new Flags(healthPort);
    EnvDefaults.commandLine(f, env).parseArgs(args);
    return f;
  }

  @Test
  void flagWinsOverEnvironment_environmentOverDefault() {
    ReporterSettings defaults = parse(9483, Map.of()).reporter.settings(Map.of());
    assertThat(defaults.mapperAddress()).isEqualTo("netmapper-mapper.netmapper-system:9090");
    assertThat(defaults.healthAddress()).isEqualTo("0.0.0.0");
    assertThat(defaults.healthPort()).isEqualTo(9483);
    assertThat(defaults.batchMaxEntries()).isEqualTo(5000);
    assertThat(defaults.rpcTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.delivery().maxBatches()).isEqualTo(1000);
    assertThat(defaults.telemetry().enabled()).isTrue();

    Map<String, String> env =
        Map.of(
            "NETMAPPER_HEALTH_PORT", "9999",
            "NETMAPPER_MAPPER_ADDRESS", "env:1",
            "NETMAPPER_RETRY_MAX_BACKOFF", "1m",
            "NETMAPPER_TELEMETRY_ENABLED", "false",
            "NETMAPPER_REPORT_INTERVAL", "PT20S");
    Flags fromEnv = parse(9483, env);
    assertThat(fromEnv.reporter.settings(env).healthPort()).isEqualTo(9999);
    assertThat(fromEnv.reporter.settings(env).mapperAddress()).isEqualTo("env:1");
    assertThat(fromEnv.reporter.settings(env).delivery().maxBackoff())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(fromEnv.reporter.settings(env).telemetry().enabled()).isFalse();
    assertThat(fromEnv.aggregation.reportInterval).isEqualTo(Duration.ofSeconds(20));

    Flags fromFlags =
        parse(
            9483,
            env,
            "--health-port",
            "7000",
            "--mapper-address",
            " flag:2 ",
            "--report-interval",
            "3s",
            "--telemetry-enabled",
            "true");
    ReporterSettings s = fromFlags.reporter.settings(env);
    assertThat(s.healthPort()).isEqualTo(7000);
    assertThat(s.mapperAddress()).isEqualTo("flag:2");
    assertThat(s.telemetry().enabled()).isTrue();
    assertThat(fromFlags.aggregation.reportInterval).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void healthPortDefault_isEachReportersOwn_andShownAsItsDefault() {
    assertThat(parse(9484, Map.of()).reporter.settings(Map.of()).healthPort()).isEqualTo(9484);
    assertThat(parse(9486, Map.of()).reporter.settings(Map.of()).healthPort()).isEqualTo(9486);
    CommandLine cmd = EnvDefaults.commandLine(new Flags(9486), Map.of());
    assertThat(cmd.getCommandSpec().findOption("--health-port").defaultValueString())
        .isEqualTo("9486");
    StringWriter help = new StringWriter();
    cmd.usage(new PrintWriter(help));
    assertThat(help.toString()).contains("(default: 9486)");
  }

  @Test
  void everyFlag_hasItsNetmapperVariable_andTheSameNamesEverywhere() {
    List<String> flags = new ArrayList<>();
    for (OptionSpec o :
        EnvDefaults.commandLine(new Flags(1), Map.of()).getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        flags.add(o.longestName());
      }
    }
    assertThat(flags)
        .containsExactly(
            "--mapper-address",
            "--health-address",
            "--health-port",
            "--batch-max-entries",
            "--buffer-max-batches",
            "--buffer-max-bytes",
            "--retry-initial-backoff",
            "--retry-max-backoff",
            "--rpc-timeout",
            "--telemetry-enabled",
            "--report-interval",
            "--aggregate-max-entries",
            "--own");
    Map<String, String> env = Map.of("NETMAPPER_BUFFER_MAX_BATCHES", "7");
    assertThat(parse(1, env).reporter.settings(env).delivery().maxBatches()).isEqualTo(7);
  }

  @Test
  void badValues_areClearErrors() {
    assertThatThrownBy(
            () -> parse(1, Map.of(), "--health-port", "70000").reporter.settings(Map.of()))
        .hasMessageContaining("--health-port 70000 is not a port");
    assertThatThrownBy(
            () -> parse(1, Map.of(), "--mapper-address", " ").reporter.settings(Map.of()))
        .hasMessageContaining("--mapper-address must not be empty");
    assertThatThrownBy(() -> parse(1, Map.of(), "--rpc-timeout", "0s").reporter.settings(Map.of()))
        .hasMessageContaining("--rpc-timeout must be positive");
    assertThatThrownBy(() -> parse(1, Map.of(), "--report-interval", "soon"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }
}
