package io.netmapper.aws.recognize;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named inputs of one request, wherever the protocol put them: path captures (REST), the query
 * string, a form body (query protocol) or top-level JSON fields (JSON protocol). Resource rules ask
 * for inputs by their model name (TableName, QueueUrl, FunctionName, ...).
 */
final class RequestParams {

  /** Cap on what is inspected of a body, matching the proxy's capture cap. */
  static final int MAX_BODY = 64 * 1024;

  private static final int MAX_PARAMS = 512;

  private final Map<String, String> path;
  private final Query query;
  private final Query form;
  private final JsonFields json;

  RequestParams(Map<String, String> path, Query query, Query form, JsonFields json) {
    this.path = path;
    this.query = query;
    this.form = form;
    this.json = json;
  }

  /** The first value of an input, or null. */
  String first(String name) {
    String v = path.get(name);
    if (v == null) {
      v = query.first(name);
    }
    if (v == null) {
      v = form.first(name);
    }
    if (v == null) {
      List<String> js = json.strings(name);
      v = js.isEmpty() ? null : js.get(0);
    }
    return v;
  }

  /** All values of an input: JSON string arrays and query-protocol lists (Names.member.1, ...). */
  List<String> all(String name) {
    String v = path.get(name);
    if (v != null) {
      return List.of(v);
    }
    List<String> out = new ArrayList<>(json.strings(name));
    out.addAll(query.all(name));
    out.addAll(form.all(name));
    return out;
  }

  JsonFields json() {
    return json;
  }

  Query query() {
    return query;
  }

  /** Decodes a path segment ('+' stays '+'); a bad escape leaves the raw text. */
  static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    return decode(raw.replace("+", "%2B"));
  }

  static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  /** A decoded query string or form body; keys keep their case. */
  static final class Query {
    static final Query EMPTY = new Query(Map.of());

    private final Map<String, List<String>> values;

    private Query(Map<String, List<String>> values) {
      this.values = values;
    }

    /** Parses {@code a=1&b&c=3}. A form body cut short loses its last, possibly partial, pair. */
    static Query parse(String raw, boolean complete) {
      if (raw == null || raw.isEmpty()) {
        return EMPTY;
      }
      String text = raw;
      if (!complete) {
        int amp = text.lastIndexOf('&');
        text = amp < 0 ? "" : text.substring(0, amp);
      }
      Map<String, List<String>> out = new LinkedHashMap<>();
      int count = 0;
      for (String pair : text.split("&")) {
        if (pair.isEmpty() || ++count > MAX_PARAMS) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        out.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
      }
      return new Query(out);
    }

    String first(String key) {
      List<String> v = values.get(key);
      return v == null ? null : v.get(0);
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    /**
     * {@code key} itself and the query protocol's list forms {@code key.member.N}, {@code key.N}.
     */
    List<String> all(String key) {
      List<String> out = new ArrayList<>(values.getOrDefault(key, List.of()));
      String member = key + ".member.";
      String indexed = key + ".";
      for (Map.Entry<String, List<String>> e : values.entrySet()) {
        String k = e.getKey();
        if (k.startsWith(member) || (k.startsWith(indexed) && isDigits(k, indexed.length()))) {
          out.addAll(e.getValue());
        }
      }
      return out;
    }

    private static boolean isDigits(String s, int from) {
      if (from >= s.length()) {
        return false;
      }
      for (int i = from; i < s.length(); i++) {
        if (!Character.isDigit(s.charAt(i))) {
          return false;
        }
      }
      return true;
    }
  }
}
