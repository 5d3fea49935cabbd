package io.netmapper.mapper.graphql;

import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.ListIntentsResponse;
import io.netmapper.api.v1.ResetIntentsRequest;
import io.netmapper.api.v1.WorkloadRef;
import io.netmapper.mapper.query.MapperService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code serviceIntents}, {@code intents} and {@code resetCapture}, answered by the same {@link
 * MapperService} (filters, label selection, sorting) the gRPC and JSON API use, then shaped as
 * Otterize's schema says. Edges Otterize's schema has no place for (Internet and API-server peers)
 * are left out; AWS edges name the resource ARN as the server.
 */
final class IntentQueries {
  private final MapperService service;

  IntentQueries(MapperService service) {
    this.service = service;
  }

  /** The filters of both queries, as Otterize names them. */
  record Filters(
      List<String> namespaces,
      List<String> includeLabels,
      List<String> excludeServiceWithLabels,
      boolean includeAllLabels,
      String serverName,
      String serverNamespace) {}

  List<Map<String, Object>> intents(Filters f) {
    boolean labels = f.includeAllLabels() || !f.includeLabels().isEmpty();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Intent i : list(f)) {
      if (!i.getClient().hasWorkload()) {
        continue;
      }
      Map<String, Object> server;
      if (i.getServer().hasWorkload()) {
        server = identity(i.getServer().getWorkload(), i.getServerLabelsMap(), labels);
        server.put("kubernetesService", kubernetesService(i));
      } else if (i.getServer().hasAws()) {
        server = new LinkedHashMap<>();
        server.put("name", i.getServer().getAws().getArn());
        server.put("namespace", "");
      } else {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("client", identity(i.getClient().getWorkload(), i.getClientLabelsMap(), labels));
      m.put("server", server);
      m.put("type", type(i));
      if (!i.getKafkaTopicsList().isEmpty()) {
        m.put(
            "kafkaTopics",
            i.getKafkaTopicsList().stream()
                .map(
                    t ->
                        Map.of(
                            "name",
                            t.getName(),
                            "operations",
                            t.getOperationsList().stream().map(IntentQueries::kafkaOp).toList()))
                .toList());
      }
      if (!i.getHttpList().isEmpty()) {
        m.put(
            "httpResources",
            i.getHttpList().stream()
                .map(
                    h ->
                        Map.of(
                            "path",
                            h.getPath(),
                            "methods",
                            h.getMethodsList().stream()
                                .map(x -> x.toUpperCase(Locale.ROOT))
                                .toList()))
                .toList());
      }
      if (!i.getAwsActionsList().isEmpty()) {
        m.put("awsActions", i.getAwsActionsList());
      }
      out.add(m);
    }
    return out;
  }

  /** One entry per client, its servers in the map's order; the oldest query of the CLI. */
  List<Map<String, Object>> serviceIntents(Filters f) {
    boolean labels = f.includeAllLabels() || !f.includeLabels().isEmpty();
    Map<String, Map<String, Object>> byClient = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, Object>>> servers = new LinkedHashMap<>();
    for (Intent i : list(f)) {
      if (!i.getClient().hasWorkload() || !i.getServer().hasWorkload()) {
        continue;
      }
      WorkloadRef c = i.getClient().getWorkload();
      String key = c.getNamespace() + "/" + c.getName();
      byClient.computeIfAbsent(key, k -> identity(c, i.getClientLabelsMap(), labels));
      WorkloadRef s = i.getServer().getWorkload();
      Map<String, Object> server = identity(s, i.getServerLabelsMap(), labels);
      server.put("kubernetesService", kubernetesService(i));
      servers
          .computeIfAbsent(key, k -> new LinkedHashMap<>())
          .putIfAbsent(s.getNamespace() + "/" + s.getName(), server);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    byClient.forEach(
        (key, client) ->
            out.add(Map.of("client", client, "intents", List.copyOf(servers.get(key).values()))));
    return out;
  }

  boolean reset() {
    Unary.call(service::resetIntents, ResetIntentsRequest.getDefaultInstance());
    return true;
  }

  private List<Intent> list(Filters f) {
    ListIntentsRequest.Builder r =
        ListIntentsRequest.newBuilder()
            .addAllNamespaces(f.namespaces())
            .addAllExcludeLabels(f.excludeServiceWithLabels())
            .addAllIncludeLabels(f.includeLabels())
            .setIncludeAllLabels(f.includeAllLabels());
    if (f.serverName() != null) {
      r.addServers(f.serverName() + "." + f.serverNamespace());
    }
    ListIntentsResponse answer = Unary.call(service::listIntents, r.build());
    return answer.getIntentsList();
  }

  private static Map<String, Object> identity(
      WorkloadRef w, Map<String, String> labels, boolean withLabels) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", w.getName());
    m.put("namespace", w.getNamespace());
    if (withLabels) {
      m.put(
          "labels",
          new java.util.TreeMap<>(labels)
              .entrySet().stream()
                  .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                  .toList());
    }
    m.put("podOwnerKind", ownerKind(w));
    return m;
  }

  /** {@code apps/v1} → group apps, version v1; {@code v1} → core group (null). */
  private static Map<String, Object> ownerKind(WorkloadRef w) {
    if (w.getKind().isEmpty()) {
      return null;
    }
    String api = w.getApiVersion();
    int slash = api.indexOf('/');
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", slash < 0 ? null : api.substring(0, slash));
    m.put("version", slash < 0 ? (api.isEmpty() ? "v1" : api) : api.substring(slash + 1));
    m.put("kind", w.getKind());
    return m;
  }

  /** The first Service the client reached the server through ({@code name.namespace} → name). */
  private static String kubernetesService(Intent i) {
    if (i.getServiceNamesCount() == 0) {
      return null;
    }
    String s = i.getServiceNames(0);
    int dot = s.indexOf('.');
    return dot < 0 ? s : s.substring(0, dot);
  }

  /** Otterize's type: null for plain TCP (its "no type"), else the same name. */
  private static String type(Intent i) {
    return switch (i.getType()) {
      case INTENT_TYPE_HTTP -> "HTTP";
      case INTENT_TYPE_KAFKA -> "KAFKA";
      case INTENT_TYPE_AWS -> "AWS";
      default -> null;
    };
  }

  /** ClientIntents operation names (consume, ClusterAction...) → Otterize's enum. */
  static String kafkaOp(String op) {
    return op.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
