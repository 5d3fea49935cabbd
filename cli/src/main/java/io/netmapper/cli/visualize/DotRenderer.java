package io.netmapper.cli.visualize;

import io.netmapper.cli.map.Edge;
import io.netmapper.cli.map.Endpoint;
import io.netmapper.cli.map.ServiceMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The map as Graphviz DOT: workloads as {@code name.namespace} boxes inside one cluster per
 * namespace, the API server as a hexagon, Internet targets as dashed red ellipses, AWS resources as
 * orange cylinders; edge labels carry ports, HTTP methods and paths, Kafka topics and AWS actions.
 */
public final class DotRenderer {
  /** Longest edge label, in lines, before the rest is summarised as "+N more". */
  static final int MAX_LABEL_LINES = 8;

  private DotRenderer() {}

  public static String render(ServiceMap map) {
    Map<String, TreeSet<String>> namespaces = new TreeMap<>();
    Map<String, Endpoint> others = new LinkedHashMap<>();
    for (Edge e : map.edges()) {
      for (Endpoint end : List.of(e.client(), e.server())) {
        if (end instanceof Endpoint.Workload w) {
          namespaces.computeIfAbsent(w.namespace(), n -> new TreeSet<>()).add(w.key());
        } else {
          others.putIfAbsent(nodeId(end), end);
        }
      }
    }
    StringBuilder dot = new StringBuilder(64 + map.edges().size() * 64);
    dot.append("digraph netmapper {\n")
        .append(
            "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.3, ranksep=1.0];\n")
        .append(
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fe\", color=\"#1a73e8\","
                + " fontname=\"Helvetica\", fontsize=10];\n")
        .append("  edge [fontname=\"Helvetica\", fontsize=8, color=\"#5f6368\"];\n");
    int i = 0;
    for (Map.Entry<String, TreeSet<String>> ns : namespaces.entrySet()) {
      dot.append("  subgraph \"cluster_")
          .append(i++)
          .append("\" {\n")
          .append("    label=")
          .append(quote("namespace " + ns.getKey()))
          .append(";\n")
          .append("    style=\"rounded,dashed\"; color=\"#9aa0a6\";\n");
      for (String key : ns.getValue()) {
        dot.append("    ").append(quote(key)).append(" [label=").append(quote(key)).append("];\n");
      }
      dot.append("  }\n");
    }
    for (Map.Entry<String, Endpoint> o : others.entrySet()) {
      dot.append("  ")
          .append(quote(o.getKey()))
          .append(' ')
          .append(nodeStyle(o.getValue()))
          .append(";\n");
    }
    for (Edge e : map.edges()) {
      dot.append("  ")
          .append(quote(nodeId(e.client())))
          .append(" -> ")
          .append(quote(nodeId(e.server())));
      String label = label(e);
      List<String> attrs = new ArrayList<>();
      if (!label.isEmpty()) {
        attrs.add("label=" + quote(label));
      }
      if (e.client() instanceof Endpoint.Internet) {
        attrs.add("color=\"#d93025\", style=dashed");
      }
      if (!attrs.isEmpty()) {
        dot.append(" [").append(String.join(", ", attrs)).append(']');
      }
      dot.append(";\n");
    }
    dot.append("}\n");
    return dot.toString();
  }

  /** Node id: workloads by name.namespace; other kinds by a prefixed key so they never clash. */
  static String nodeId(Endpoint end) {
    if (end instanceof Endpoint.Workload w) {
      return w.key();
    }
    return end.key();
  }

  private static String nodeStyle(Endpoint end) {
    if (end instanceof Endpoint.ApiServer) {
      return "[label="
          + quote("Kubernetes API\n" + Endpoint.ApiServer.NAME)
          + ", shape=hexagon, fillcolor=\"#d2e3fc\", color=\"#174ea6\"]";
    }
    if (end instanceof Endpoint.Internet i) {
      List<String> lines = new ArrayList<>();
      lines.add("Internet");
      lines.addAll(i.domains());
      if (i.domains().isEmpty()) {
        lines.addAll(i.ips());
      }
      return "[label="
          + quote(String.join("\n", lines))
          + ", shape=ellipse, style=\"filled,dashed\", fillcolor=\"#fce8e6\", color=\"#d93025\"]";
    }
    if (end instanceof Endpoint.AwsResource a) {
      return "[label="
          + quote("AWS\n" + a.arn())
          + ", shape=cylinder, style=filled, fillcolor=\"#fef7e0\", color=\"#e37400\"]";
    }
    return "[label=\"unknown\", shape=box, style=dotted]";
  }

  private static String label(Edge e) {
    List<String> lines = new ArrayList<>();
    if (!e.ports().isEmpty()) {
      lines.add("port " + String.join(",", e.ports().stream().map(String::valueOf).toList()));
    }
    e.http()
        .forEach(
            (path, methods) ->
                lines.add(String.join(",", methods) + (methods.isEmpty() ? "" : " ") + path));
    e.kafkaTopics()
        .forEach(
            (topic, ops) ->
                lines.add("topic " + topic + (ops.isEmpty() ? "" : ": " + String.join(",", ops))));
    e.awsActions().forEach(lines::add);
    if (lines.size() > MAX_LABEL_LINES) {
      int more = lines.size() - (MAX_LABEL_LINES - 1);
      List<String> shown = new ArrayList<>(lines.subList(0, MAX_LABEL_LINES - 1));
      shown.add("+" + more + " more");
      return String.join("\n", shown);
    }
    return String.join("\n", lines);
  }

  /** A DOT double-quoted string; newlines become \n line breaks. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> {}
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
