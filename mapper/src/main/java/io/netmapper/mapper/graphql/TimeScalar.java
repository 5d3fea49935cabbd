package io.netmapper.mapper.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Otterize's {@code Time}: Go's time.Time as gqlgen sends it, RFC 3339 with an offset. */
final class TimeScalar {
  private TimeScalar() {}

  static final GraphQLScalarType TIME =
      GraphQLScalarType.newScalar()
          .name("Time")
          .description("RFC 3339 time, e.g. 2026-12-03T15:04:05.999999999Z")
          .coercing(
              new Coercing<Instant, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof Instant i) {
                    return i.toString();
                  }
                  throw new CoercingSerializeException("not a time: " + value);
                }

                @Override
                public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                  if (input instanceof String s) {
                    Instant t = parse(s);
                    if (t != null) {
                      return t;
                    }
                  }
                  throw new CoercingParseValueException(
                      "Time must be an RFC 3339 string such as 2026-12-03T15:04:05Z, got '"
                          + abbreviate(input)
                          + "'");
                }

                @Override
                public Instant parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  if (input instanceof StringValue s) {
                    Instant t = parse(s.getValue());
                    if (t != null) {
                      return t;
                    }
                  }
                  throw new CoercingParseLiteralException(
                      "Time must be an RFC 3339 string such as 2026-12-03T15:04:05Z");
                }
              })
          .build();

  static Instant parse(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
