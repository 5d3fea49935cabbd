package io.netmapper.cli.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.SampleIntents;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netmapper reset} against a real gRPC MapperService on loopback. */
class ResetOverGrpcTest {
  @TempDir Path home;

  @Test
  void reset_callsTheMapper_andSaysWhatItForgot() throws Exception {
    try (FakeMapper mapper = new FakeMapper(SampleIntents.all())) {
      CliRunner cli = new CliRunner(home);
      CliRunner.Result r = cli.run("reset", "--mapper-url", mapper.url());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(mapper.resets()).isEqualTo(1);
      assertThat(mapper.intentCount()).isZero();
      assertThat(r.out())
          .isEqualTo(
              "Reset the map: the mapper forgot "
                  + SampleIntents.all().size()
                  + " intent(s) and starts mapping afresh.\n");
      CliRunner.Result after = cli.run("list", "--mapper-url", mapper.url());
      assertThat(after.out()).isEmpty();
      assertThat(after.err()).startsWith("No connections found.");
    }
  }
}
