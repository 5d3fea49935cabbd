package io.netmapper.mapper.persist;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the map is kept.
 *
 * @param kind embedded (H2 in {@code dataDir}, the default), postgresql ({@code url}), memory
 * @param password from the environment only (a Secret), never a flag; masked in {@link #summary}
 * @param fsync embedded only: force the file to the disk at each group commit (power loss, not just
 *     a process crash)
 */
public record StoreSettings(
    Kind kind, Path dataDir, String url, String user, Optional<String> password, boolean fsync) {

  /** The storage engines. */
  public enum Kind {
    EMBEDDED,
    POSTGRESQL,
    MEMORY
  }

  public StoreSettings {
    Objects.requireNonNull(kind, "kind");
    password = password == null ? Optional.empty() : password;
    if (kind == Kind.EMBEDDED && dataDir == null) {
      throw new IllegalArgumentException("--store embedded needs --data-dir");
    }
    if (kind == Kind.POSTGRESQL && (url == null || !url.startsWith("jdbc:postgresql:"))) {
      throw new IllegalArgumentException(
          "--store postgresql needs --database-url jdbc:postgresql://host:port/db, got " + url);
    }
  }

  /** The JDBC URL the store connects to. */
  String jdbcUrl() {
    return switch (kind) {
      case EMBEDDED ->
          "jdbc:h2:file:"
              + dataDir.toAbsolutePath().resolve("netmapper")
              + ";DB_CLOSE_ON_EXIT=FALSE";
      case POSTGRESQL -> url;
      case MEMORY -> throw new IllegalStateException("the memory store has no URL");
    };
  }

  /** For the start-up log line: no password. */
  public String summary() {
    return switch (kind) {
      case EMBEDDED -> "embedded dataDir=" + dataDir + " fsync=" + fsync;
      case POSTGRESQL ->
          "postgresql url="
              + url
              + " user="
              + user
              + " password="
              + (password.isPresent() ? "(set)" : "(none)");
      case MEMORY -> "memory (the map is lost on restart)";
    };
  }
}
