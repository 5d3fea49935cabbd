package io.netmapper.aws.recognize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST request URI template from the SDK model, such as {@code
 * /2015-03-31/functions/{FunctionName}/invocations} or {@code /{Bucket}/{Key+}}: literal segments,
 * single-segment variables and one trailing greedy variable.
 */
final class PathTemplate {

  private final String[] literals; // null where the segment is a variable
  private final String[] names;
  private final boolean greedyLast;
  private final int literalCount;

  private PathTemplate(String[] literals, String[] names, boolean greedyLast) {
    this.literals = literals;
    this.names = names;
    this.greedyLast = greedyLast;
    int n = 0;
    for (String l : literals) {
      n += l == null ? 0 : 1;
    }
    this.literalCount = n;
  }

  /** {@code path} is the template's path part, without the query. */
  static PathTemplate of(String path) {
    List<String> segs = segments(path);
    String[] literals = new String[segs.size()];
    String[] names = new String[segs.size()];
    boolean greedy = false;
    for (int i = 0; i < segs.size(); i++) {
      String s = segs.get(i);
      if (s.startsWith("{") && s.endsWith("}")) {
        String name = s.substring(1, s.length() - 1);
        if (name.endsWith("+")) {
          greedy = i == segs.size() - 1;
          name = name.substring(0, name.length() - 1);
        }
        names[i] = name;
      } else {
        literals[i] = s;
      }
    }
    return new PathTemplate(literals, names, greedy);
  }

  int literalCount() {
    return literalCount;
  }

  boolean hasVariable(String name) {
    for (String n : names) {
      if (name.equals(n)) {
        return true;
      }
    }
    return false;
  }

  /** The raw (undecoded) captures, or null when the path does not fit. */
  Map<String, String> match(List<String> segs) {
    int n = literals.length;
    if (greedyLast ? segs.size() < n : segs.size() != n) {
      return null;
    }
    Map<String, String> captures = null;
    for (int i = 0; i < n; i++) {
      String seg = segs.get(i);
      if (literals[i] != null) {
        if (!literals[i].equals(seg)) {
          return null;
        }
        continue;
      }
      if (seg.isEmpty()) {
        return null;
      }
      if (captures == null) {
        captures = new HashMap<>(4);
      }
      captures.put(
          names[i],
          greedyLast && i == n - 1 ? String.join("/", segs.subList(i, segs.size())) : seg);
    }
    return captures == null ? Map.of() : captures;
  }

  /** "/a/b/" → [a, b]; "/" and "" → []; inner empty segments are kept. */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    int start = path.startsWith("/") ? 1 : 0;
    int end = path.endsWith("/") && path.length() > start ? path.length() - 1 : path.length();
    if (start >= end) {
      return out;
    }
    int from = start;
    for (int i = start; i <= end; i++) {
      if (i == end || path.charAt(i) == '/') {
        out.add(path.substring(from, i));
        from = i + 1;
      }
    }
    return out;
  }
}
