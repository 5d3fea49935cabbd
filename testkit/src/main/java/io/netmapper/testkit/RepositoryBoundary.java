package io.netmapper.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references in build files, scripts and sources that climb above the repository root (for
 * example {@code ${project.basedir}/../../outside}): a fresh clone with nothing beside it must
 * build and pass its tests, so every path a build or a test uses has to stay inside the repository.
 */
public final class RepositoryBoundary {
  /** A run of {@code ../} that starts a path (not the tail of {@code .../}). */
  private static final Pattern CLIMB = Pattern.compile("(?<![\\w.])((?:\\.\\./)+|(?:\\.\\.\\\\)+)");

  private static final Set<String> SKIPPED_DIRS =
      Set.of(".git", "target", "node_modules", ".idea", ".vscode", ".mvn");

  private RepositoryBoundary() {}

  /** One reference that leaves the repository. */
  public record Escape(Path file, int line, String text) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + text.strip();
    }
  }

  /** Every escaping reference under {@code root}, in build files, scripts and sources. */
  public static List<Escape> scan(Path root) {
    Path top = root.toAbsolutePath().normalize();
    List<Escape> out = new ArrayList<>();
    try {
      Files.walkFileTree(
          top,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(top) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && isChecked(top.relativize(file))) {
                out.addAll(escapes(top, file));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Build files, scripts, launchers and sources: what a build or a test run reads paths from. */
  static boolean isChecked(Path relative) {
    String name = relative.getFileName().toString();
    String path = relative.toString().replace('\\', '/');
    if (name.startsWith("RepositoryBoundary")) {
      // this check and its test spell out the very paths they look for
      return false;
    }
    return name.equals("pom.xml")
        || name.equals("mvnw")
        || name.endsWith(".sh")
        || name.endsWith(".java")
        || name.endsWith(".properties")
        || name.equals("netmapper")
        || path.equals(".ci/run")
        || path.startsWith("scripts/");
  }

  /**
   * References in {@code file} that leave {@code top}. A relative path is resolved against the
   * directory it is taken from: the module for sources (the test's working directory), the file's
   * own directory for build files, and the repository root for scripts.
   */
  static List<Escape> escapes(Path top, Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      // a binary or unreadable file names no path a build could follow
      return List.of();
    }
    String name = file.getFileName().toString();
    Path base;
    if (name.endsWith(".java")) {
      base = moduleDir(top, file);
    } else if (name.equals("pom.xml") || name.endsWith(".properties")) {
      base = file.getParent();
    } else {
      // scripts and launchers change to the repository root before they name any path
      base = top;
    }
    int depth = top.relativize(base).getNameCount();
    if (base.equals(top)) {
      depth = 0;
    }
    List<Escape> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = CLIMB.matcher(line);
      while (m.find()) {
        int climbs = m.group(1).length() / 3;
        if (climbs > depth) {
          out.add(new Escape(top.relativize(file), i + 1, line));
          break;
        }
      }
    }
    return out;
  }

  /** The nearest directory above {@code file} with a pom.xml (the tests' working directory). */
  private static Path moduleDir(Path top, Path file) {
    for (Path dir = file.getParent(); dir != null && dir.startsWith(top); dir = dir.getParent()) {
      if (Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    return top;
  }
}
