package io.netmapper.cli.visualize;

import io.netmapper.cli.CliException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Renders DOT with Graphviz's {@code dot} (Debian package {@code graphviz}): DOT on stdin, the
 * image on stdout. {@code NETMAPPER_DOT} names another binary.
 */
final class GraphvizRunner {
  private final String dot;

  GraphvizRunner(Map<String, String> env) {
    String fromEnv = env.get("NETMAPPER_DOT");
    this.dot = fromEnv == null || fromEnv.isBlank() ? findOnPath(env) : fromEnv;
  }

  byte[] render(String source, GraphFormat format) {
    if (dot == null) {
      throw CliException.error(
          "Graphviz 'dot' was not found on PATH; install Graphviz (Debian/Ubuntu:"
              + " apt-get install -y graphviz, macOS: brew install graphviz) or write DOT with --format dot");
    }
    ProcessBuilder pb = new ProcessBuilder(List.of(dot, "-T" + format, "-q"));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw CliException.error("cannot run Graphviz '" + dot + "': " + e.getMessage(), e);
    }
    CompletableFuture<byte[]> stdout = drain(process.getInputStream());
    CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      in.write(source.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // dot died early; its exit code and stderr below say why
    }
    try {
      int rc = process.waitFor();
      byte[] image = stdout.join();
      if (rc != 0 || image.length == 0) {
        List<String> lines =
            new String(stderr.join(), StandardCharsets.UTF_8)
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .distinct()
                .limit(3)
                .toList();
        throw CliException.error(
            "Graphviz 'dot' failed (exit "
                + rc
                + "): "
                + String.join(" / ", lines)
                + "; for a large map draw a part of it (-n, --server, --exclude-services) or write --format dot"
                + " and lay it out with another Graphviz engine (e.g. sfdp -Tsvg)");
      }
      return image;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw CliException.error("interrupted while Graphviz was rendering");
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (InputStream s = stream;
              ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            s.transferTo(out);
            return out.toByteArray();
          } catch (IOException e) {
            return new byte[0];
          }
        });
  }

  private static String findOnPath(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "dot");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
