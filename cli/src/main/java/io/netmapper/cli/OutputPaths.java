package io.netmapper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Checks output paths before anything is fetched (a bad path is a usage error, exit 2, nothing
 * written) and writes files whole (temp file + move), so a failure never leaves half a file.
 */
public final class OutputPaths {
  private OutputPaths() {}

  /** {@code file} can be created or replaced. */
  public static void checkWritableFile(Path file) {
    Path abs = file.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw CliException.usage(
          "cannot write "
              + file
              + ": it is a directory (for one file per client use"
              + " --output-type dir)");
    }
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw CliException.usage(
          "cannot write " + file + ": directory " + parent + " does not exist");
    }
    if (!Files.isWritable(parent) || (Files.exists(abs) && !Files.isWritable(abs))) {
      throw CliException.usage("cannot write " + file + ": permission denied");
    }
  }

  /** {@code dir} exists as a writable directory, or can be created. */
  public static void checkWritableDir(Path dir) {
    Path abs = dir.toAbsolutePath();
    if (Files.exists(abs)) {
      if (!Files.isDirectory(abs)) {
        throw CliException.usage(
            "cannot write into "
                + dir
                + ": it is a file, not a directory (drop"
                + " --output-type dir to write one file)");
      }
      if (!Files.isWritable(abs)) {
        throw CliException.usage("cannot write into " + dir + ": permission denied");
      }
      return;
    }
    Path existing = abs.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw CliException.usage(
          "cannot create directory " + dir + ": " + existing + " is not a writable directory");
    }
  }

  /** Writes {@code content} to {@code file} atomically where the file system allows. */
  public static void write(Path file, byte[] content) {
    Path abs = file.toAbsolutePath();
    try {
      Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
      try {
        Files.write(tmp, content);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw CliException.error("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw CliException.error("cannot create directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
