package io.netmapper.aws.recognize;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the proxy saw it on its way to AWS: enough to name the service, region,
 * operation and resources. Bodies are inspected only up to a cap, so {@code body} may be a prefix.
 *
 * @param method HTTP method, upper case
 * @param host the target host without port (SNI for HTTPS, Host header for plain HTTP), lower case
 * @param path the raw (still percent-encoded) path, without the query string
 * @param rawQuery the raw query string without '?', or "" if none
 * @param headers request headers, names lower case; a repeated header is joined with ","
 * @param body the request body or its first bytes (never null; empty when not captured)
 * @param bodyComplete whether {@code body} is the whole body
 */
public record AwsRequest(
    String method,
    String host,
    String path,
    String rawQuery,
    Map<String, String> headers,
    byte[] body,
    boolean bodyComplete) {

  public AwsRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rawQuery, "rawQuery");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    method = method.toUpperCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
    headers = Map.copyOf(headers);
  }

  /** The header's value, or null; {@code name} in lower case. */
  public String header(String name) {
    return headers.get(name);
  }

  /** Convenience for tests and callers with a list of names. */
  public static Map<String, String> headersOf(List<Map.Entry<String, String>> entries) {
    var out = new java.util.LinkedHashMap<String, String>();
    for (var e : entries) {
      out.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + "," + b);
    }
    return out;
  }
}
