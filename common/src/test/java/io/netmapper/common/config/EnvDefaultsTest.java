package io.netmapper.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class EnvDefaultsTest {
  @Command(name = "x")
  static final class Opts {
    @Option(names = "--ip-grace-period", defaultValue = "PT5M")
    String grace;

    @Option(names = "--port", defaultValue = "9090")
    int port;
  }

  private static Opts parse(Map<String, String> env, String... args) {
    Opts opts = new Opts();
    new CommandLine(opts).setDefaultValueProvider(new EnvDefaults(env)).parseArgs(args);
    return opts;
  }

  @Test
  void flagWinsOverEnvironment_environmentOverDefault() {
    assertThat(parse(Map.of()).port).isEqualTo(9090);
    assertThat(parse(Map.of("NETMAPPER_PORT", "9191")).port).isEqualTo(9191);
    assertThat(parse(Map.of("NETMAPPER_PORT", "9191"), "--port", "9292").port).isEqualTo(9292);
    assertThat(parse(Map.of("NETMAPPER_IP_GRACE_PERIOD", "PT1M")).grace).isEqualTo("PT1M");
  }

  @Test
  void variableName_followsTheFlag() {
    assertThat(EnvDefaults.variableFor("--mapper-url")).isEqualTo("NETMAPPER_MAPPER_URL");
  }
}
