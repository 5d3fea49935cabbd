package io.netmapper.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses an enum by its lower-case {@code toString()} (yaml, single-file...), naming the accepted
 * values.
 */
final class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  EnumConverter(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    for (E e : type.getEnumConstants()) {
      if (e.toString().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw new TypeConversionException(
        "'"
            + value
            + "' is not accepted; accepted values: "
            + Arrays.stream(type.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", ")));
  }
}
