package io.netmapper.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository stands alone: no build file, script or test names a path above its root. */
class RepositoryBoundaryTest {

  @Test
  void noFileInTheRepository_pointsAboveItsRoot() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("pom.xml")).exists();
    assertThat(root.resolve("testkit")).isDirectory();

    assertThat(RepositoryBoundary.scan(root))
        .as("paths above the repository root (copy what is needed into the repository)")
        .isEmpty();
  }

  @Test
  void pomClimbingOutOfTheRepository_isFound(@TempDir Path repo) throws IOException {
    write(repo, "pom.xml", "<project/>");
    write(
        repo,
        "cli/pom.xml",
        "<netmapper.crd.dir>${project.basedir}/../../outside/crds</netmapper.crd.dir>");
    write(repo, "helm/pom.xml", "<netmapper.docs>${project.basedir}/../docs</netmapper.docs>");

    assertThat(RepositoryBoundary.scan(repo))
        .extracting(e -> e.file().toString() + ":" + e.line())
        .containsExactly("cli/pom.xml:1");
  }

  @Test
  void testSourceReadingBesideTheClone_isFound(@TempDir Path repo) throws IOException {
    write(repo, "pom.xml", "<project/>");
    write(repo, "cli/pom.xml", "<project/>");
    write(
        repo,
        "cli/src/test/java/x/CrdTest.java",
        "class CrdTest {\n  Path p = Path.of(\"../../outside/crds\");\n  Path q = Path.of(\"../docs\");\n}");

    assertThat(RepositoryBoundary.scan(repo))
        .extracting(e -> e.file().toString() + ":" + e.line())
        .containsExactly("cli/src/test/java/x/CrdTest.java:2");
  }

  @Test
  void scripts_areChecked_ellipsisAndTargetAreNot(@TempDir Path repo) throws IOException {
    write(repo, "pom.xml", "<project/>");
    write(repo, "scripts/test.sh", "cd \"$(dirname \"$0\")/..\"\ncp ../../outside/x .\n");
    write(repo, ".ci/run", "ls ../outside/crds\n");
    write(repo, "a/pom.xml", "<project/>");
    write(repo, "a/src/main/java/A.java", "// {@code /kubepods/burstable/pod1b2c...-.../<hex>}\n");
    write(repo, "a/target/B.java", "Path.of(\"../../../../etc\");\n");

    assertThat(RepositoryBoundary.scan(repo))
        .extracting(e -> e.file().toString() + ":" + e.line())
        .containsExactlyInAnyOrder("scripts/test.sh:2", ".ci/run:1");
  }

  private static void write(Path root, String relative, String text) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
