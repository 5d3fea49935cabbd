package io.netmapper.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.Golden;
import io.netmapper.cli.testing.SampleIntents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's gRPC client against the server stack the mapper uses (Armeria GrpcService with unframed
 * JSON requests enabled, one port): list, export and reset work unchanged.
 */
class ArmeriaInteropTest {
  @TempDir Path home;

  @Test
  void list_export_reset_againstArmeria() throws Exception {
    try (FakeMapper mapper = FakeMapper.onArmeria(SampleIntents.all())) {
      CliRunner cli = new CliRunner(home);

      CliRunner.Result list = cli.run("list", "--mapper-url", mapper.url());
      CliRunner.Result export =
          cli.run("export", "--mapper-url", mapper.url(), "--output-version", "v1");
      HttpResponse<String> json =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://" + mapper.url() + "/netmapper.v1.MapperService/ListIntents"))
                      .header("content-type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      CliRunner.Result reset = cli.run("reset", "--mapper-url", mapper.url());

      assertThat(list.exitCode()).as(list.toString()).isZero();
      Golden.assertMatches("list.txt", list.out());
      assertThat(export.exitCode()).as(export.toString()).isZero();
      Golden.assertMatches("export-v1.yaml", export.out());
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.body()).contains("\"intents\"").contains("api.stripe.com");
      assertThat(reset.exitCode()).as(reset.toString()).isZero();
      assertThat(mapper.resets()).isEqualTo(1);
    }
  }
}
