package io.netmapper.cli.connect;

import io.netmapper.api.v1.HttpResource;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.KafkaTopic;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.Peer;
import io.netmapper.api.v1.WorkloadRef;
import io.netmapper.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists and resets over Otterize's GraphQL API ({@code POST /query}): Otterize's own mapper, or
 * netmapper's when asked for with {@code --mapper-url http://host:port/query}. Answers become the
 * same {@link Intent} messages as over gRPC, so every command works unchanged.
 */
final class GraphQlMapper {
  static final String LIST =
      """
      query NetmapperList($namespaces: [String!], $includeLabels: [String!],
          $excludeServiceWithLabels: [String!], $includeAllLabels: Boolean, $server: ServerFilter) {
        intents(namespaces: $namespaces, includeLabels: $includeLabels,
            excludeServiceWithLabels: $excludeServiceWithLabels,
            includeAllLabels: $includeAllLabels, server: $server) {
          client { name namespace labels { key value } podOwnerKind { group version kind } }
          server { name namespace labels { key value } podOwnerKind { group version kind }
                   kubernetesService }
          type
          kafkaTopics { name operations }
          httpResources { path methods }
          awsActions
        }
      }""";
  static final String RESET = "mutation ResetCapture { resetCapture }";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MapperSession session;
  private final Duration timeout;

  GraphQlMapper(MapperSession session, Duration timeout) {
    this.session = session;
    this.timeout = timeout;
  }

  /**
   * {@code http(s)://host:port/query}: Otterize's GraphQL path. Without it, {@code
   * http://host:port} stays what it always was, the gRPC address.
   */
  static boolean isUrl(String mapperUrl) {
    String u = mapperUrl.trim();
    return (u.startsWith("http://") || u.startsWith("https://"))
        && (u.endsWith("/query") || u.endsWith("/query/"));
  }

  static URI queryUri(String url) {
    try {
      URI uri = URI.create(url.trim());
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          "invalid --mapper-url '" + url + "': expected http://HOST:PORT/query or HOST:PORT");
    }
  }

  List<Intent> listIntents(ListIntentsRequest request) {
    // Otterize's filter takes one server: ask once per server (the answers are merged later)
    List<Map<String, String>> servers = new ArrayList<>();
    for (String s : request.getServersList()) {
      int dot = s.lastIndexOf('.');
      servers.add(Map.of("name", s.substring(0, dot), "namespace", s.substring(dot + 1)));
    }
    if (servers.isEmpty()) {
      servers.add(null);
    }
    List<Intent> out = new ArrayList<>();
    for (Map<String, String> server : servers) {
      Map<String, Object> vars = new HashMap<>();
      vars.put("namespaces", list(request.getNamespacesList()));
      vars.put("includeLabels", list(request.getIncludeLabelsList()));
      vars.put("excludeServiceWithLabels", list(request.getExcludeLabelsList()));
      vars.put("includeAllLabels", request.getIncludeAllLabels());
      vars.put("server", server);
      JsonNode data = post(LIST, vars, "list intents");
      for (JsonNode i : data.path("intents")) {
        out.add(intent(i));
      }
    }
    return out;
  }

  long reset() {
    post(RESET, Map.of(), "reset");
    return -1;
  }

  private static List<String> list(List<String> l) {
    return l.isEmpty() ? null : l;
  }

  static Intent intent(JsonNode i) {
    String type = i.path("type").isNull() ? "" : i.path("type").asString("");
    Intent.Builder b =
        Intent.newBuilder()
            .setClient(Peer.newBuilder().setWorkload(workload(i.path("client"))))
            .setType(
                switch (type) {
                  case "HTTP" -> IntentType.INTENT_TYPE_HTTP;
                  case "KAFKA" -> IntentType.INTENT_TYPE_KAFKA;
                  case "AWS" -> IntentType.INTENT_TYPE_AWS;
                  default -> IntentType.INTENT_TYPE_TCP;
                });
    JsonNode server = i.path("server");
    if (type.equals("AWS")) {
      b.setServer(
          Peer.newBuilder()
              .setAws(
                  io.netmapper.api.v1.AwsResourceRef.newBuilder()
                      .setArn(server.path("name").asString(""))));
    } else {
      b.setServer(Peer.newBuilder().setWorkload(workload(server)));
    }
    String svc = text(server.path("kubernetesService"));
    if (!svc.isEmpty()) {
      b.addServiceNames(svc + "." + server.path("namespace").asString(""));
    }
    for (JsonNode t : i.path("kafkaTopics")) {
      KafkaTopic.Builder k = KafkaTopic.newBuilder().setName(t.path("name").asString(""));
      t.path("operations").forEach(op -> k.addOperations(kafkaOperation(op.asString(""))));
      b.addKafkaTopics(k);
    }
    for (JsonNode h : i.path("httpResources")) {
      HttpResource.Builder r = HttpResource.newBuilder().setPath(h.path("path").asString(""));
      h.path("methods").forEach(m -> r.addMethods(m.asString("")));
      b.addHttp(r);
    }
    i.path("awsActions").forEach(a -> b.addAwsActions(a.asString("")));
    b.putAllClientLabels(labels(i.path("client")));
    b.putAllServerLabels(labels(server));
    return b.build();
  }

  /** Otterize's enum (CLUSTER_ACTION) → the ClientIntents operation name (ClusterAction). */
  static String kafkaOperation(String op) {
    return switch (op) {
      case "CLUSTER_ACTION" -> "ClusterAction";
      case "DESCRIBE_CONFIGS" -> "DescribeConfigs";
      case "ALTER_CONFIGS" -> "AlterConfigs";
      case "IDEMPOTENT_WRITE" -> "IdempotentWrite";
      default -> op.toLowerCase(Locale.ROOT);
    };
  }

  private static WorkloadRef.Builder workload(JsonNode identity) {
    WorkloadRef.Builder w =
        WorkloadRef.newBuilder()
            .setName(identity.path("name").asString(""))
            .setNamespace(identity.path("namespace").asString(""));
    JsonNode kind = identity.path("podOwnerKind");
    if (kind.isObject()) {
      String group = text(kind.path("group"));
      String version = text(kind.path("version"));
      w.setKind(text(kind.path("kind")))
          .setApiVersion(group.isEmpty() ? version : group + "/" + version);
    }
    return w;
  }

  private static Map<String, String> labels(JsonNode identity) {
    Map<String, String> out = new LinkedHashMap<>();
    identity
        .path("labels")
        .forEach(l -> out.put(l.path("key").asString(""), l.path("value").asString("")));
    return out;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "" : n.asString("");
  }

  private JsonNode post(String query, Map<String, Object> variables, String what) {
    URI uri = session.graphql();
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpResponse<String> response;
    try {
      Map<String, Object> body = new HashMap<>();
      body.put("query", query);
      body.put("variables", variables);
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(timeout)
                  .header("content-type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException e) {
      throw CliException.error(
          session.description()
              + " did not answer "
              + what
              + " within "
              + MapperClient.human(timeout)
              + "; raise --timeout or check the mapper's health",
          e);
    } catch (IOException e) {
      List<String> problems = session.transportProblems();
      throw CliException.error(
          "cannot reach "
              + session.description()
              + ": "
              + KubeErrors.rootMessage(e)
              + (problems.isEmpty() ? "" : " [" + String.join("; ", problems) + "]"),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.error("interrupted while waiting for " + session.description(), e);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (JacksonException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      throw CliException.error(
          session.description()
              + " answered "
              + what
              + " with HTTP "
              + response.statusCode()
              + " and no GraphQL answer; is it a network mapper's /query?");
    }
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      throw CliException.error(
          "the mapper's GraphQL API failed to "
              + what
              + " ("
              + session.description()
              + "): "
              + errors.path(0).path("message").asString(""));
    }
    return answer.path("data");
  }
}
