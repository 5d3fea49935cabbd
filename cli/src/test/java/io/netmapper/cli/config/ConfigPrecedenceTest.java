package io.netmapper.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.SampleIntents;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flag > NETMAPPER_* environment > ~/.netmapper/config.yaml > built-in default. */
class ConfigPrecedenceTest {
  @TempDir Path home;
  FakeMapper good;
  String dead;

  @BeforeEach
  void start() throws Exception {
    good = new FakeMapper(SampleIntents.all());
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = "127.0.0.1:" + s.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    good.close();
  }

  private void configFile(String yaml) throws Exception {
    Files.createDirectories(home.resolve(".netmapper"));
    Files.writeString(home.resolve(".netmapper/config.yaml"), yaml);
  }

  @Test
  void configFile_isUsedWhenNothingElseIsSet() throws Exception {
    configFile("mapper-url: " + good.url() + "\nnamespaces: [shop, batch]\n");

    CliRunner.Result r = new CliRunner(home).run("list");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(good.listRequests().get(0).getNamespacesList()).containsExactly("shop", "batch");
  }

  @Test
  void environment_beatsTheConfigFile() throws Exception {
    configFile("mapper-url: " + dead + "\n");

    CliRunner.Result r = new CliRunner(home).env("NETMAPPER_MAPPER_URL", good.url()).run("list");

    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void flag_beatsTheEnvironment() {
    CliRunner.Result r =
        new CliRunner(home)
            .env("NETMAPPER_MAPPER_URL", dead)
            .run("list", "--mapper-url", good.url());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(good.listRequests()).hasSize(1);
  }

  @Test
  void environment_setsAnyOption_byItsUpperSnakeName() {
    CliRunner.Result r =
        new CliRunner(home)
            .env("NETMAPPER_MAPPER_URL", good.url())
            .env("NETMAPPER_EXCLUDE_LABELS", "team=infra")
            .env("NETMAPPER_FORMAT", "json")
            .run("export");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("[");
    assertThat(good.listRequests().get(0).getExcludeLabelsList()).isEqualTo(List.of("team=infra"));
    assertThat(ConfigDefaults.envName("--mapper-service-port"))
        .isEqualTo("NETMAPPER_MAPPER_SERVICE_PORT");
  }

  @Test
  void defaults_applyWhenNothingIsSet() {
    CliRunner.Result r = new CliRunner(home).run("list", "--help");

    assertThat(r.out().replaceAll("\\s+", " "))
        .contains(
            "(default: netmapper-system)",
            "(default: netmapper-mapper)",
            "(default: 9090)",
            "(default: 10s)");
  }

  @Test
  void badValueFromTheEnvironment_isAUsageError() {
    CliRunner.Result r =
        new CliRunner(home)
            .env("NETMAPPER_FORMAT", "xml")
            .env("NETMAPPER_MAPPER_URL", good.url())
            .run("export");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'xml' is not accepted; accepted values: yaml, json");
  }

  @Test
  void malformedConfigFile_isAUsageError_namingTheFile() throws Exception {
    configFile("mapper-url: [unclosed\n");

    CliRunner.Result r = new CliRunner(home).run("list");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: cannot read config file " + home.resolve(".netmapper/config.yaml"));
    assertThat(r.err().lines().count()).isEqualTo(1);
  }
}
