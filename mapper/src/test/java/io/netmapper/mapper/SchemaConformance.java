package io.netmapper.mapper;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import io.netmapper.mapper.graphql.OtterizeGraphQl;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks an answer's {@code data} against Otterize's schema and the operation that asked for it,
 * independently of the server's code: exactly the fields selected (aliases, fragments), non-null
 * where the schema says so, lists where it says so, enum values the enum has, scalars of their
 * kind. Returns the problems found, by JSON path.
 */
final class SchemaConformance {
  private final GraphQLSchema schema =
      UnExecutableSchemaGenerator.makeUnExecutableSchema(
          new SchemaParser().parse(OtterizeGraphQl.schemaText()));

  List<String> problems(String documentText, String operationName, JsonNode data) {
    Document doc = Parser.parse(documentText);
    Map<String, FragmentDefinition> fragments = new HashMap<>();
    OperationDefinition op = null;
    for (var d : doc.getDefinitions()) {
      if (d instanceof FragmentDefinition f) {
        fragments.put(f.getName(), f);
      } else if (d instanceof OperationDefinition o
          && (operationName == null || operationName.equals(o.getName()))) {
        op = o;
      }
    }
    if (op == null) {
      return List.of("no operation " + operationName);
    }
    GraphQLObjectType root =
        op.getOperation() == OperationDefinition.Operation.MUTATION
            ? schema.getMutationType()
            : schema.getQueryType();
    List<String> out = new ArrayList<>();
    object(root, op.getSelectionSet(), data, "data", fragments, out);
    return out;
  }

  private void object(
      GraphQLObjectType type,
      SelectionSet selections,
      JsonNode value,
      String path,
      Map<String, FragmentDefinition> fragments,
      List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": expected an object of " + type.getName() + ", got " + value);
      return;
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    collect(selections, fragments, fields);
    fields.forEach(
        (key, field) -> {
          if (!value.has(key)) {
            out.add(path + "." + key + ": missing");
            return;
          }
          if (field.getName().equals("__typename")) {
            return;
          }
          var def = type.getFieldDefinition(field.getName());
          if (def == null) {
            out.add(path + "." + key + ": no such field on " + type.getName());
            return;
          }
          value(
              def.getType(),
              field.getSelectionSet(),
              value.get(key),
              path + "." + key,
              fragments,
              out);
        });
    value
        .propertyNames()
        .forEach(
            name -> {
              if (!fields.containsKey(name)) {
                out.add(path + "." + name + ": not asked for");
              }
            });
  }

  private void value(
      GraphQLType type,
      SelectionSet selections,
      JsonNode v,
      String path,
      Map<String, FragmentDefinition> fragments,
      List<String> out) {
    if (type instanceof GraphQLNonNull nn) {
      if (v == null || v.isNull()) {
        out.add(path + ": null where the schema says non-null");
        return;
      }
      value(nn.getWrappedType(), selections, v, path, fragments, out);
      return;
    }
    if (v == null || v.isNull()) {
      return;
    }
    if (type instanceof GraphQLList list) {
      if (!v.isArray()) {
        out.add(path + ": expected a list, got " + v);
        return;
      }
      for (int i = 0; i < v.size(); i++) {
        value(list.getWrappedType(), selections, v.get(i), path + "[" + i + "]", fragments, out);
      }
    } else if (type instanceof GraphQLObjectType o) {
      object(o, selections, v, path, fragments, out);
    } else if (type instanceof GraphQLEnumType e) {
      if (!v.isString() || e.getValue(v.asString()) == null) {
        out.add(path + ": " + v + " is not a value of enum " + e.getName());
      }
    } else if (type instanceof GraphQLScalarType s) {
      boolean ok =
          switch (s.getName()) {
            case "String", "ID" -> v.isString();
            case "Int" -> v.isInt();
            case "Float" -> v.isNumber();
            case "Boolean" -> v.isBoolean();
            case "Time" -> v.isString() && parses(v.asString());
            default -> false;
          };
      if (!ok) {
        out.add(path + ": " + v + " is not a " + s.getName());
      }
    } else {
      out.add(path + ": unexpected type " + type);
    }
  }

  private static boolean parses(String time) {
    try {
      OffsetDateTime.parse(time);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void collect(
      SelectionSet set, Map<String, FragmentDefinition> fragments, Map<String, Field> into) {
    if (set == null) {
      return;
    }
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        into.putIfAbsent(f.getResultKey(), f);
      } else if (s instanceof FragmentSpread spread) {
        collect(fragments.get(spread.getName()).getSelectionSet(), fragments, into);
      } else if (s instanceof InlineFragment inline) {
        collect(inline.getSelectionSet(), fragments, into);
      }
    }
  }
}
