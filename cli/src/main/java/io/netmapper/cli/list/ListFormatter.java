package io.netmapper.cli.list;

import io.netmapper.cli.map.Edge;
import io.netmapper.cli.map.Endpoint;
import io.netmapper.cli.map.ServiceMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text of {@code netmapper list}: per client {@code <client> in namespace <ns> calls:}, per
 * server {@code - <server> in namespace <ns>}, then indented detail lines.
 */
public final class ListFormatter {
  private ListFormatter() {}

  public static String format(ServiceMap map) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<Endpoint, List<Edge>> group : map.byClient().entrySet()) {
      out.append(clientHeader(group.getKey())).append('\n');
      for (Edge edge : group.getValue()) {
        out.append("  - ").append(serverLine(edge.server())).append('\n');
        for (String detail : details(edge)) {
          out.append("    - ").append(detail).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String clientHeader(Endpoint client) {
    if (client instanceof Endpoint.Workload w) {
      return w.name() + " in namespace " + w.namespace() + " calls:";
    }
    if (client instanceof Endpoint.Internet i) {
      return "Internet (" + i.displayName() + ", outside the cluster) calls:";
    }
    if (client instanceof Endpoint.AwsResource a) {
      return "AWS resource " + a.arn() + " calls:";
    }
    if (client instanceof Endpoint.ApiServer) {
      return "Kubernetes API server (" + Endpoint.ApiServer.NAME + ") calls:";
    }
    return "unknown client calls:";
  }

  private static String serverLine(Endpoint server) {
    if (server instanceof Endpoint.Workload w) {
      return w.name() + " in namespace " + w.namespace();
    }
    if (server instanceof Endpoint.Internet i) {
      return "Internet: " + i.displayName();
    }
    if (server instanceof Endpoint.AwsResource a) {
      return "AWS resource " + a.arn();
    }
    if (server instanceof Endpoint.ApiServer) {
      return "Kubernetes API server (" + Endpoint.ApiServer.NAME + ")";
    }
    return "unknown server (the mapper sent no identity)";
  }

  private static List<String> details(Edge edge) {
    List<String> lines = new java.util.ArrayList<>();
    if (edge.server() instanceof Endpoint.Internet internet) {
      if (!internet.domains().isEmpty() && !internet.ips().isEmpty()) {
        lines.add("IPs: " + String.join(", ", internet.ips()));
      }
    }
    if (!edge.serviceNames().isEmpty()) {
      lines.add("via Service: " + String.join(", ", edge.serviceNames()));
    }
    if (!edge.ports().isEmpty()) {
      lines.add("ports: " + join(edge.ports()));
    }
    edge.http()
        .forEach(
            (path, methods) ->
                lines.add(
                    "path "
                        + path
                        + ", methods: "
                        + (methods.isEmpty() ? "(any)" : String.join(",", methods))));
    edge.kafkaTopics()
        .forEach(
            (topic, ops) ->
                lines.add(
                    "Kafka topic: "
                        + topic
                        + ", operations: "
                        + (ops.isEmpty() ? "(none seen)" : String.join(",", ops))));
    if (!edge.awsActions().isEmpty()) {
      lines.add("AWS actions: " + String.join(", ", edge.awsActions()));
    }
    return lines;
  }

  private static String join(Collection<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
