package io.netmapper.aws.recognize;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 that stands in for AWS: it records each request exactly as the SDK
 * sent it and answers 200 with a small body fit for the protocol (JSON "{}" or an empty XML
 * element). Where the SDK cannot parse the answer it throws; the request is recorded anyway.
 */
final class LoopbackAwsServer implements AutoCloseable {

  /** A request as it arrived on the socket. */
  record Recorded(
      String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {

    /** The request as the proxy would hand it over for {@code realHost}. */
    AwsRequest toAwsRequest(String realHost) {
      return new AwsRequest(method, realHost, rawPath, rawQuery, headers, body, true);
    }
  }

  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  LoopbackAwsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The requests recorded since the last call, and forgets them. */
  List<Recorded> take() {
    List<Recorded> out = List.copyOf(requests);
    requests.clear();
    return out;
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    URI uri = ex.getRequestURI();
    requests.add(
        new Recorded(
            ex.getRequestMethod(),
            uri.getRawPath(),
            uri.getRawQuery() == null ? "" : uri.getRawQuery(),
            headers,
            body));
    byte[] answer;
    if (headers.containsKey("x-amz-target")
        || headers.getOrDefault("content-type", "").contains("json")) {
      ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
      answer = "{}".getBytes(StandardCharsets.UTF_8);
    } else if (ex.getRequestMethod().equals("HEAD")) {
      answer = new byte[0];
    } else {
      ex.getResponseHeaders().add("Content-Type", "application/xml");
      ex.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
      answer = "<Result/>".getBytes(StandardCharsets.UTF_8);
    }
    ex.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
    ex.getResponseBody().write(answer);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
