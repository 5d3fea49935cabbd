package io.netmapper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.SampleIntents;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exit codes and messages: 1 for errors, 2 for usage errors, one line, no stack trace unless
 * --debug.
 */
class ErrorHandlingTest {
  @TempDir Path home;
  @TempDir Path work;
  FakeMapper mapper;
  CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    mapper = new FakeMapper(SampleIntents.all());
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() throws Exception {
    mapper.close();
  }

  @Test
  void unreachableMapper_exits1_withWhatToCheck_andNoStackTrace() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    CliRunner.Result r = cli.run("list", "--mapper-url", "127.0.0.1:" + closed);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: cannot reach the mapper at 127.0.0.1:" + closed + ": ")
        .contains("Connection refused")
        .contains("check that the mapper is running and the address is right")
        .doesNotContain("\tat ");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void debug_addsTheStackTrace() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    CliRunner.Result r = cli.run("list", "--mapper-url", "127.0.0.1:" + closed, "--debug");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: cannot reach the mapper").contains("\tat io.grpc");
  }

  @Test
  void apiError_exits1_namingTheStatus() {
    mapper.failWith(Status.INTERNAL.withDescription("intent store is closed"));
    CliRunner.Result r = cli.run("export", "--mapper-url", mapper.url());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: the mapper API failed to list intents (the mapper at "
                + mapper.url()
                + "): INTERNAL intent store is closed; see the mapper logs for details\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void slowMapper_hitsTheTimeout() {
    mapper.delay(2_000);
    CliRunner.Result r = cli.run("reset", "--mapper-url", mapper.url(), "--timeout", "300ms");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: the mapper at " + mapper.url() + " did not answer reset within 300ms")
        .contains("raise --timeout");
  }

  @Test
  void somethingElseOnThePort_isNamedAsNotAMapper() throws Exception {
    Server other =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
    try {
      CliRunner.Result r = cli.run("list", "--mapper-url", "127.0.0.1:" + other.getPort());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("does not serve netmapper.v1.MapperService");
    } finally {
      other.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "list --bogus|Unknown option: '--bogus'",
        "list --server orders|invalid --server 'orders': expected <server-name>.<namespace>, e.g. orders.shop",
        "list --server orders.|invalid --server 'orders.': expected <server-name>.<namespace>",
        "list --server .shop|invalid --server '.shop': expected <server-name>.<namespace>",
        "export --format xml|Invalid value for option '--format': 'xml' is not accepted; accepted values: yaml, json",
        "export --output-version v3|'v3' is not accepted; accepted values: v2, v1",
        "export --output-type dir|--output-type needs -o/--output",
        "visualize --format gif -o m.gif|'gif' is not accepted; accepted values: png, jpg, jpeg, svg, dot",
        "visualize|Missing required option: '--output=FILE'",
        "completion tcsh|'tcsh' is not accepted; accepted values: bash, zsh, fish, powershell",
        "list --mapper-url http://a/b|invalid --mapper-url 'http://a/b': expected host:port",
        "list --timeout soon|'soon' is not a duration; use e.g. 500ms, 10s or 2m",
        "frobnicate|Unmatched argument at index 0: 'frobnicate'",
        "|missing command: choose one of list, export, visualize, reset, policy, version, completion"
      })
  void badInput_exits2_withOneLineNamingTheProblem(String args, String message) {
    List<String> argv =
        new java.util.ArrayList<>(args == null ? List.of() : List.of(args.split(" ")));
    if (argv.size() > 0 && !argv.contains("--mapper-url")) {
      argv.add("--mapper-url");
      argv.add(mapper.url());
    }
    if (argv.isEmpty()) {
      argv.add("--mapper-url=" + mapper.url());
    }
    CliRunner.Result r = cli.run(argv.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ").contains(message);
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(mapper.listRequests()).isEmpty();
  }

  @Test
  void unwritableOutput_exits2_beforeAskingTheMapper_andWritesNothing() throws Exception {
    Path locked =
        Files.createDirectory(
            work.resolve("locked"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
    if (Files.isWritable(locked)) {
      locked = Path.of("/proc/1"); // root ignores permission bits; procfs still refuses
    }
    Path missingDir = work.resolve("nope/intents.yaml");
    Path aFile = Files.writeString(work.resolve("file.txt"), "x");

    CliRunner.Result r1 =
        cli.run("export", "--mapper-url", mapper.url(), "-o", missingDir.toString());
    CliRunner.Result r2 = cli.run("export", "--mapper-url", mapper.url(), "-o", work.toString());
    CliRunner.Result r3 =
        cli.run(
            "export", "--mapper-url", mapper.url(), "-o", aFile.toString(), "--output-type", "dir");
    CliRunner.Result r4 =
        cli.run(
            "visualize",
            "--mapper-url",
            mapper.url(),
            "-o",
            missingDir.resolveSibling("m.png").toString());

    assertThat(r1.exitCode()).isEqualTo(2);
    assertThat(r1.err())
        .isEqualTo(
            "error: cannot write "
                + missingDir
                + ": directory "
                + missingDir.getParent()
                + " does not exist\n");
    assertThat(r2.exitCode()).isEqualTo(2);
    assertThat(r2.err())
        .contains("it is a directory (for one file per client use --output-type dir)");
    assertThat(r3.exitCode()).isEqualTo(2);
    assertThat(r3.err()).contains("it is a file, not a directory");
    assertThat(r4.exitCode()).isEqualTo(2);
    assertThat(Files.readString(aFile)).isEqualTo("x");
    assertThat(missingDir.getParent()).doesNotExist();
    CliRunner.Result r5 =
        cli.run("export", "--mapper-url", mapper.url(), "-o", locked.resolve("i.yaml").toString());
    assertThat(r5.exitCode()).isEqualTo(2);
    assertThat(r5.err())
        .isEqualTo("error: cannot write " + locked.resolve("i.yaml") + ": permission denied\n");
    assertThat(locked.resolve("i.yaml")).doesNotExist();
    assertThat(mapper.listRequests()).isEmpty();
  }
}
