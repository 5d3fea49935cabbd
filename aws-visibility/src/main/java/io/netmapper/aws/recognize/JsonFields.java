package io.netmapper.aws.recognize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * The few JSON body fields that name resources: top-level strings and string arrays (TableName,
 * QueueUrl, KeyId, SecretId, Names, ...), the table names that key {@code RequestItems}, and the
 * {@code TableName} inside each {@code TransactItems} entry. Streams the body with Jackson and
 * skips everything else, so item payloads are never materialised; a truncated body yields what was
 * read before the cut.
 */
final class JsonFields {

  static final JsonFields EMPTY = new JsonFields(Map.of(), List.of(), List.of());

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(64)
                  .maxStringLength(64 * 1024)
                  .maxNumberLength(64)
                  .build())
          .build();
  private static final int MAX_VALUES = 256;

  private final Map<String, List<String>> strings;
  private final List<String> requestItemTables;
  private final List<String[]> transactItems;

  private JsonFields(
      Map<String, List<String>> strings,
      List<String> requestItemTables,
      List<String[]> transactItems) {
    this.strings = strings;
    this.requestItemTables = requestItemTables;
    this.transactItems = transactItems;
  }

  static JsonFields parse(byte[] body, int length) {
    if (length == 0) {
      return EMPTY;
    }
    Map<String, List<String>> strings = new LinkedHashMap<>();
    List<String> tables = new ArrayList<>();
    List<String[]> transact = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return EMPTY;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          add(strings, field, p.getString());
        } else if (value == JsonToken.START_ARRAY && field.equals("TransactItems")) {
          readTransactItems(p, transact);
        } else if (value == JsonToken.START_ARRAY) {
          readStringArray(p, strings, field);
        } else if (value == JsonToken.START_OBJECT && field.equals("RequestItems")) {
          readKeys(p, tables);
        } else {
          p.skipChildren();
        }
      }
    } catch (RuntimeException e) {
      // truncated or malformed: keep what was read before the fault
    }
    return new JsonFields(strings, tables, transact);
  }

  /** The string values of a top-level field (one, or several for a string array). */
  List<String> strings(String field) {
    return strings.getOrDefault(field, List.of());
  }

  List<String> requestItemTables() {
    return requestItemTables;
  }

  /** Per TransactItems entry: {kind (Put, Update, Delete, ConditionCheck, Get), TableName}. */
  List<String[]> transactItems() {
    return transactItems;
  }

  private static void readStringArray(JsonParser p, Map<String, List<String>> out, String field) {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t == JsonToken.VALUE_STRING) {
        add(out, field, p.getString());
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readKeys(JsonParser p, List<String> out) {
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      if (out.size() < MAX_VALUES) {
        out.add(p.currentName());
      }
      p.nextToken();
      p.skipChildren();
    }
  }

  private static void readTransactItems(JsonParser p, List<String[]> out) {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String kind = p.currentName();
        if (p.nextToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        String table = "";
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          if (p.nextToken() == JsonToken.VALUE_STRING && name.equals("TableName")) {
            table = p.getString();
          } else {
            p.skipChildren();
          }
        }
        if (out.size() < MAX_VALUES) {
          out.add(new String[] {kind, table});
        }
      }
    }
    if (t != JsonToken.END_ARRAY && t != null) {
      p.skipChildren();
    }
  }

  private static void add(Map<String, List<String>> out, String field, String value) {
    List<String> values = out.computeIfAbsent(field, k -> new ArrayList<>(1));
    if (values.size() < MAX_VALUES) {
      values.add(value);
    }
  }
}
