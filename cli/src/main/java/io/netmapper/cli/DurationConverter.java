package io.netmapper.cli;

import io.netmapper.common.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "500ms", "10s", "2m", "PT30S" (see {@link Durations}), or a bare number of seconds. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.trim();
    Duration d;
    try {
      // a bare number is seconds; everything else is the shared syntax (500ms, 10s, 2m, PT30S)
      d = text.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text)) : Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration; use e.g. 500ms, 10s or 2m");
    }
    if (d.isZero() || d.isNegative()) {
      throw new TypeConversionException("timeout must be greater than 0");
    }
    return d;
  }
}
