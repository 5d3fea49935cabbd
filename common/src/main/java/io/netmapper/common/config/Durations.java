package io.netmapper.common.config;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The one duration syntax of every netmapper setting: short forms ({@code 500ms}, {@code 5s},
 * {@code 2m}, {@code 1h}) or ISO-8601 ({@code PT30S}, {@code PT5M}).
 */
public final class Durations {
  private Durations() {}

  /** Parses a duration; throws IllegalArgumentException naming the accepted forms. */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (!t.isEmpty()) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        switch (t.charAt(t.length() - 1)) {
          case 's':
            return Duration.ofSeconds(n);
          case 'm':
            return Duration.ofMinutes(n);
          case 'h':
            return Duration.ofHours(n);
          default:
            break;
        }
      }
    } catch (RuntimeException e) {
      // the readable error below
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a duration; use e.g. 500ms, 30s, 5m, 1h or PT30S");
  }

  /** The picocli converter for {@link Duration} options. */
  public static CommandLine.ITypeConverter<Duration> converter() {
    return text -> {
      try {
        return parse(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    };
  }
}
