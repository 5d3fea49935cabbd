package io.netmapper.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mapper --help} and {@code --version} answer and exit 0 without starting anything, like
 * every other component; and the mapper's class path carries exactly one {@code logback.xml} (its
 * own), so no start prints logback's status lines (a library jar's copy used to add 27 of them).
 *
 * <p>Runs the real {@code Main} in a fresh JVM: logback configures itself once per JVM, and the
 * test JVM's class path has the tests' {@code logback-test.xml} in front.
 */
class MapperCommandLineTest {
  @TempDir Path dir;

  /** What logback prints about itself when its configuration is ambiguous or broken. */
  static final Pattern LOGBACK_STATUS =
      Pattern.compile("\\|-(INFO|WARN|ERROR) in ch\\.qos\\.logback");

  /**
   * The mapper's own classes and its dependencies: the test class path without the test classes and
   * without slf4j-simple, which only the CLI's test jar brings in (the mapper's runtime logs
   * through logback alone). Any other test-scoped jar stays: one with a logback.xml in it would
   * change what the tests log too, so failing on it is right.
   */
  static List<String> mapperClassPath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (e.isBlank()
          || Path.of(e).endsWith(Path.of("target", "test-classes"))
          || Path.of(e).getFileName().toString().startsWith("slf4j-simple")) {
        continue;
      }
      entries.add(e);
    }
    return entries;
  }

  @Test
  void classPath_hasExactlyOneLogbackXml_theMappersOwn() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String e : mapperClassPath()) {
      urls.add(Path.of(e).toUri().toURL());
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      List<URL> found = Collections.list(loader.getResources("logback.xml"));
      assertThat(found).as("logback.xml on the mapper's class path").hasSize(1);
      assertThat(found.get(0).toString()).contains("mapper");
    }
  }

  @Test
  void help_printsUsage_exits0_noLogbackStatus() throws Exception {
    Run help = runMain("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: mapper").contains("--port");
    assertThat(help.out() + help.err()).doesNotContainPattern(LOGBACK_STATUS);
  }

  @Test
  void version_printsTheVersion_exits0_startsNothing() throws Exception {
    Run version = runMain("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("mapper ");
    // a started mapper would log its start and try the Kubernetes API
    assertThat(version.out() + version.err())
        .doesNotContainPattern(LOGBACK_STATUS)
        .doesNotContain("starting")
        .doesNotContain("Kubernetes");
  }

  @Test
  void usageError_exits2_withAHint() throws Exception {
    Run bad = runMain("--no-such-flag");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("mapper: Unknown option").contains("mapper --help");
  }

  record Run(int exit, String out, String err) {}

  Run runMain(String... args) throws Exception {
    Path cpFile = dir.resolve("cp.txt");
    // an @argfile keeps the command line short whatever the class path's length
    Files.writeString(
        cpFile, "-cp \"" + String.join(File.pathSeparator, mapperClassPath()) + "\"\n");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + cpFile);
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    // no NETMAPPER_* from the machine running the tests
    pb.environment().keySet().removeIf(k -> k.startsWith("NETMAPPER_"));
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mapper " + List.of(args) + " did not exit: it started");
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
