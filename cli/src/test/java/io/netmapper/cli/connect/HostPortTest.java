package io.netmapper.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.cli.CliException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:9090, 127.0.0.1, 9090",
    "mapper.netmapper-system:1234, mapper.netmapper-system, 1234",
    "localhost, localhost, 9090",
    "http://localhost:8080/, localhost, 8080",
    "'[::1]:9090', ::1, 9090",
    "'[fd00::5]', fd00::5, 9090"
  })
  void parses(String text, String host, int port) {
    HostPort hp = HostPort.parse(text);
    assertThat(hp.host()).isEqualTo(host);
    assertThat(hp.port()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":9090",
        "host:port",
        "::1:9090",
        "host:0",
        "host:70000",
        "[::1",
        "host/path:1"
      })
  void rejectsMalformed_asUsageError(String text) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(CliException.USAGE))
        .hasMessageContaining("--mapper-url");
  }
}
