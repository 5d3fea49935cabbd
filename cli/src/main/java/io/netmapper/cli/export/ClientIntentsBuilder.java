package io.netmapper.cli.export;

import io.netmapper.cli.map.Edge;
import io.netmapper.cli.map.Endpoint;
import io.netmapper.cli.map.ServiceMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the map into ClientIntents, one object per client workload. Edges whose client is not a
 * workload (Internet ingress, unknown) are skipped and counted; HTTP methods and Kafka operations
 * that the CRD's enums do not allow are dropped and named, so every document validates.
 */
public final class ClientIntentsBuilder {
  static final List<String> HTTP_METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "CONNECT");
  static final List<String> KAFKA_OPERATIONS =
      List.of(
          "all",
          "consume",
          "produce",
          "create",
          "alter",
          "delete",
          "describe",
          "ClusterAction",
          "DescribeConfigs",
          "AlterConfigs",
          "IdempotentWrite");

  private final OutputVersion version;
  private final boolean asKubernetesService;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Set<String>> droppedValues = new TreeMap<>();

  public ClientIntentsBuilder(OutputVersion version, boolean asKubernetesService) {
    this.version = version;
    this.asKubernetesService = asKubernetesService;
  }

  ExportResult build(ServiceMap map) {
    List<IntentsDocument> docs = new ArrayList<>();
    int ingress = 0;
    int unknownClients = 0;
    int unknownServers = 0;
    for (Map.Entry<Endpoint, List<Edge>> group : map.byClient().entrySet()) {
      if (!(group.getKey() instanceof Endpoint.Workload client)) {
        if (group.getKey() instanceof Endpoint.Internet) {
          ingress += group.getValue().size();
        } else {
          unknownClients += group.getValue().size();
        }
        continue;
      }
      LinkedHashSet<ClientIntentsV2.Target> targets = new LinkedHashSet<>();
      for (Edge edge : group.getValue()) {
        if (edge.server() instanceof Endpoint.Unknown) {
          unknownServers++;
          continue;
        }
        targets.addAll(targets(client, edge));
      }
      if (targets.isEmpty()) {
        continue;
      }
      docs.add(document(client, new ArrayList<>(targets)));
    }
    if (ingress > 0) {
      warnings.add(
          "skipped "
              + ingress
              + " Internet ingress edge(s) (outside -> pod): ClientIntents describe"
              + " the calls a workload makes, and these have no in-cluster client");
    }
    if (unknownClients > 0) {
      warnings.add("skipped " + unknownClients + " edge(s) whose client is not a workload");
    }
    if (unknownServers > 0) {
      warnings.add(
          "skipped " + unknownServers + " edge(s) whose server the mapper could not identify");
    }
    droppedValues.forEach(
        (what, values) ->
            warnings.add(
                "left out "
                    + what
                    + " "
                    + String.join(", ", values)
                    + ": not allowed by the ClientIntents CRD"));
    return new ExportResult(docs, warnings);
  }

  private IntentsDocument document(Endpoint.Workload client, List<ClientIntentsV2.Target> targets) {
    Metadata metadata = new Metadata(client.name(), client.namespace());
    String kind = client.kind().isEmpty() ? null : client.kind();
    if (version == OutputVersion.V2) {
      return new ClientIntentsV2(
          ClientIntentsV2.API_VERSION,
          "ClientIntents",
          metadata,
          new ClientIntentsV2.Spec(new ClientIntentsV2.Workload(client.name(), kind), targets));
    }
    List<ClientIntentsV1.Call> calls =
        targets.stream().map(ClientIntentsBuilder::toCall).distinct().toList();
    return new ClientIntentsV1(
        ClientIntentsV1.API_VERSION,
        "ClientIntents",
        metadata,
        new ClientIntentsV1.Spec(new ClientIntentsV1.Service(client.name(), kind), calls));
  }

  private List<ClientIntentsV2.Target> targets(Endpoint.Workload client, Edge edge) {
    List<ClientIntentsV2.Target> out = new ArrayList<>();
    Endpoint server = edge.server();
    if (server instanceof Endpoint.Workload w) {
      String name = qualified(client, w.name(), w.namespace());
      if (!edge.kafkaTopics().isEmpty()) {
        out.add(ClientIntentsV2.Target.of(new ClientIntentsV2.Kafka(name, topics(edge))));
      }
      if (edge.kafkaTopics().isEmpty() || !edge.http().isEmpty()) {
        List<ClientIntentsV2.Http> http = http(edge);
        if (asKubernetesService && !edge.serviceNames().isEmpty()) {
          for (String svc : edge.serviceNames()) {
            String svcName = svc.contains(".") ? svc : qualified(client, svc, w.namespace());
            out.add(ClientIntentsV2.Target.of(new ClientIntentsV2.Service(svcName, http)));
          }
        } else {
          out.add(
              ClientIntentsV2.Target.of(
                  new ClientIntentsV2.Kubernetes(
                      name, w.kind().isEmpty() ? null : w.kind(), http)));
        }
      }
    } else if (server instanceof Endpoint.ApiServer) {
      out.add(
          ClientIntentsV2.Target.of(
              new ClientIntentsV2.Kubernetes(Endpoint.ApiServer.NAME, null, null)));
    } else if (server instanceof Endpoint.Internet i) {
      out.add(
          ClientIntentsV2.Target.of(
              new ClientIntentsV2.Internet(
                  nullIfEmpty(i.domains()),
                  nullIfEmpty(i.ips()),
                  edge.ports().isEmpty() ? null : List.copyOf(edge.ports()))));
    } else if (server instanceof Endpoint.AwsResource a) {
      out.add(
          ClientIntentsV2.Target.of(
              new ClientIntentsV2.Aws(
                  a.arn(), edge.awsActions().isEmpty() ? null : List.copyOf(edge.awsActions()))));
    }
    return out;
  }

  /**
   * {@code name} in the client's namespace, else {@code name.namespace} (Otterize's convention).
   */
  private static String qualified(Endpoint.Workload client, String name, String namespace) {
    return namespace.isEmpty() || namespace.equals(client.namespace())
        ? name
        : name + "." + namespace;
  }

  private List<ClientIntentsV2.Http> http(Edge edge) {
    if (edge.http().isEmpty()) {
      return null;
    }
    List<ClientIntentsV2.Http> out = new ArrayList<>();
    edge.http()
        .forEach(
            (path, methods) ->
                out.add(
                    new ClientIntentsV2.Http(
                        path,
                        allowed(
                            methods,
                            HTTP_METHODS,
                            m -> m.toUpperCase(Locale.ROOT),
                            "HTTP method(s)"))));
    return out;
  }

  private List<ClientIntentsV2.Topic> topics(Edge edge) {
    List<ClientIntentsV2.Topic> out = new ArrayList<>();
    edge.kafkaTopics()
        .forEach(
            (topic, ops) ->
                out.add(
                    new ClientIntentsV2.Topic(
                        topic,
                        allowed(
                            ops,
                            KAFKA_OPERATIONS,
                            ClientIntentsBuilder::canonicalKafkaOperation,
                            "Kafka operation(s)"))));
    return out;
  }

  /** Values mapped onto the CRD's enum; the rest are remembered for one warning. Never null. */
  private List<String> allowed(
      SortedSet<String> values,
      List<String> allowed,
      java.util.function.UnaryOperator<String> canonical,
      String what) {
    TreeSet<String> kept = new TreeSet<>();
    for (String v : values) {
      String c = canonical.apply(v);
      if (allowed.contains(c)) {
        kept.add(c);
      } else {
        droppedValues.computeIfAbsent(what, k -> new TreeSet<>()).add(v);
      }
    }
    List<String> ordered = new ArrayList<>();
    allowed.stream().filter(kept::contains).forEach(ordered::add);
    return ordered;
  }

  private static String canonicalKafkaOperation(String op) {
    for (String known : KAFKA_OPERATIONS) {
      if (known.equalsIgnoreCase(op)) {
        return known;
      }
    }
    return op;
  }

  private static <T> List<T> nullIfEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }

  private static ClientIntentsV1.Call toCall(ClientIntentsV2.Target t) {
    if (t.kubernetes() != null) {
      return new ClientIntentsV1.Call(
          t.kubernetes().name(),
          t.kubernetes().kind(),
          t.kubernetes().http() == null ? null : "http",
          t.kubernetes().http(),
          null,
          null,
          null);
    }
    if (t.service() != null) {
      return new ClientIntentsV1.Call(
          t.service().name(),
          "Service",
          t.service().http() == null ? null : "http",
          t.service().http(),
          null,
          null,
          null);
    }
    if (t.kafka() != null) {
      return new ClientIntentsV1.Call(
          t.kafka().name(), null, "kafka", null, t.kafka().topics(), null, null);
    }
    if (t.internet() != null) {
      return new ClientIntentsV1.Call(null, null, "internet", null, null, t.internet(), null);
    }
    return new ClientIntentsV1.Call(
        t.aws().arn(), null, "aws", null, null, null, t.aws().actions());
  }
}
