package io.netmapper.mapper.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL server from Debian's package ({@code apt-get install -y postgresql}, see
 * scripts/prerequisites.sh): {@code initdb} + {@code pg_ctl} in a temporary data directory,
 * listening on 127.0.0.1 and a free port, run as a non-root user when the tests run as root.
 * Stopped and deleted by {@link #close}.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "netmapper";
  private static final List<Path> BIN_DIRS =
      List.of(Path.of("/usr/lib/postgresql/15/bin"), Path.of("/usr/lib/postgresql/16/bin"));

  private final Path bin;
  private final Path root;
  private final Path data;
  public final int port;
  public final String password = "pw-" + UUID.randomUUID();

  private PostgresServer(Path bin, Path root, int port) {
    this.bin = bin;
    this.root = root;
    this.data = root.resolve("data");
    this.port = port;
  }

  /**
   * Initialises and starts a server.
   *
   * @throws IllegalStateException saying what to install when PostgreSQL is missing
   */
  public static PostgresServer start() throws Exception {
    Path bin =
        BIN_DIRS.stream()
            .filter(d -> Files.isExecutable(d.resolve("pg_ctl")))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PostgreSQL server binaries not found in "
                            + BIN_DIRS
                            + ": install them with `apt-get install -y postgresql`"
                            + " (scripts/prerequisites.sh)"));
    Path root = Files.createTempDirectory("netmapper-pg-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PostgresServer pg = new PostgresServer(bin, root, port);
    Path pwfile = root.resolve("pwfile");
    Files.writeString(pwfile, pg.password + "\n");
    pg.owned(pwfile);
    pg.run(
        bin.resolve("initdb").toString(),
        "-D",
        pg.data.toString(),
        "-U",
        USER,
        "--pwfile",
        pwfile.toString(),
        "-A",
        "scram-sha-256",
        "-E",
        "UTF8",
        "--no-sync");
    pg.startServer();
    return pg;
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Starts (again) on the same port and data directory. */
  public void startServer() throws Exception {
    run(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        root.resolve("server.log").toString(),
        "-w",
        "-t",
        "120",
        "-o",
        "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
  }

  /** Stops at once (the database "goes away" for connected clients). */
  public void stopServer() throws Exception {
    run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
  }

  private void owned(Path file) throws Exception {
    if (isRoot()) {
      new ProcessBuilder("chown", "postgres:postgres", file.toString(), root.toString())
          .inheritIO()
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void run(String... command) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      // initdb and postgres refuse to run as root
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      String log = "";
      Path serverLog = root.resolve("server.log");
      if (Files.exists(serverLog)) {
        log = Files.readString(serverLog);
      }
      throw new IllegalStateException(
          "`" + String.join(" ", cmd) + "` failed: " + out + (log.isEmpty() ? "" : "\n" + log));
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stopServer();
    } catch (IllegalStateException alreadyStopped) {
      // stopped by the test
    }
    TestDataDir.delete(root);
  }

  /** For a failed test's message. */
  public String serverLog() throws IOException {
    Path log = root.resolve("server.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
