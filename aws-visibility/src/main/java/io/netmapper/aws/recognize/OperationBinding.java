package io.netmapper.aws.recognize;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One operation's HTTP binding as the SDK marshaller declares it.
 *
 * @param operation the API operation name (PutObject, Invoke, SendMessage, ...)
 * @param method HTTP method
 * @param template the path template (REST only; "/" for JSON and query protocols)
 * @param literalQuery query keys fixed by the request URI ({@code ?acl}, {@code ?list-type=2});
 *     value "" when only the key must be present
 * @param requiredQuery query parameters the model marks as required ({@code uploadId}, ...)
 * @param requiredHeaders headers the model marks as required, lower case ({@code
 *     x-amz-copy-source})
 * @param target the JSON protocol's X-Amz-Target value, or "" for other protocols
 * @param rest whether the operation is bound by method + path (REST-JSON, REST-XML)
 */
record OperationBinding(
    String operation,
    String method,
    PathTemplate template,
    Map<String, String> literalQuery,
    Set<String> requiredQuery,
    Set<String> requiredHeaders,
    String target,
    boolean rest) {

  OperationBinding {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(target, "target");
    if (operation.isEmpty()) {
      throw new IllegalArgumentException("operation is empty");
    }
    literalQuery = Map.copyOf(literalQuery);
    requiredQuery = Set.copyOf(requiredQuery);
    requiredHeaders = Set.copyOf(requiredHeaders);
  }

  /** How specific the binding is: more fixed parts win over fewer when several fit. */
  int specificity() {
    return template.literalCount() * 16
        + literalQuery.size()
        + requiredQuery.size()
        + requiredHeaders.size();
  }
}
