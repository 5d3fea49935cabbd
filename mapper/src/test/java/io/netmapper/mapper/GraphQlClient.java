package io.netmapper.mapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Posts GraphQL requests as Otterize's genqlient clients do (JSON body to /query). */
final class GraphQlClient {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;

  GraphQlClient(int port) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/query");
  }

  record Answer(int status, JsonNode body) {
    JsonNode data() {
      return body.path("data");
    }

    JsonNode errors() {
      return body.path("errors");
    }

    String firstError() {
      return errors().path(0).path("message").asString();
    }
  }

  Answer send(String document, String operationName, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", document);
    body.put("operationName", operationName);
    body.put("variables", variables);
    return raw(JSON.writeValueAsString(body));
  }

  Answer raw(String body) {
    return request(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  Answer request(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      boolean json = r.headers().firstValue("content-type").orElse("").contains("json");
      JsonNode body = json ? JSON.readTree(r.body()) : JSON.getNodeFactory().stringNode(r.body());
      return new Answer(r.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri() {
    return uri;
  }

  /** A contract file from src/test/resources/otterize-api (copied from Otterize, unchanged). */
  static String contract(String file) {
    try (InputStream in = GraphQlClient.class.getResourceAsStream("/otterize-api/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
