package io.netmapper.cli.list;

import io.netmapper.cli.map.Edge;
import io.netmapper.cli.map.Endpoint;
import io.netmapper.cli.map.ServiceMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * {@code list --format otterize}: the lines {@code otterize network-mapper list} prints, for
 * scripts that parse them. Only workload-to-workload calls (Otterize's list shows nothing else), a
 * server in the client's namespace by its name alone, detail lines only for Kafka topics and HTTP
 * paths, lists in Go's {@code [a b]} form.
 */
final class OtterizeListFormat {
  private OtterizeListFormat() {}

  static String format(ServiceMap map) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<Endpoint, List<Edge>> group : map.byClient().entrySet()) {
      if (!(group.getKey() instanceof Endpoint.Workload client)) {
        continue;
      }
      List<Edge> calls =
          group.getValue().stream().filter(e -> e.server() instanceof Endpoint.Workload).toList();
      if (calls.isEmpty()) {
        continue;
      }
      out.append(client.name())
          .append(" in namespace ")
          .append(client.namespace())
          .append(" calls:\n");
      for (Edge e : calls) {
        Endpoint.Workload server = (Endpoint.Workload) e.server();
        // Otterize names a server in the client's namespace by its name alone
        out.append("  - ").append(server.name());
        if (!server.namespace().equals(client.namespace())) {
          out.append(" in namespace ").append(server.namespace());
        }
        out.append('\n');
        e.kafkaTopics()
            .forEach(
                (topic, ops) ->
                    out.append("    - Kafka topic: ")
                        .append(topic)
                        .append(", operations: ")
                        .append(go(ops))
                        .append('\n'));
        e.http()
            .forEach(
                (path, methods) ->
                    out.append("    - path ")
                        .append(path)
                        .append(", methods: ")
                        .append(go(methods))
                        .append('\n'));
      }
    }
    return out.toString();
  }

  private static String go(SortedSet<String> values) {
    return "[" + String.join(" ", values) + "]";
  }
}
