package io.netmapper.kafkawatcher.parse;

import java.util.Objects;

/**
 * One authorization decision from a broker's {@code kafka.authorizer.logger}.
 *
 * @param timeMillis time of the log line (from its log4j prefix), or -1 when the line has none
 * @param principal e.g. {@code User:alice}
 * @param allowed Allowed or Denied
 * @param operation as logged: {@code WRITE} (KRaft) or {@code Write} (AclAuthorizer)
 * @param host the client address the broker saw
 * @param resourceType {@code Topic}, {@code Group}, {@code Cluster}, {@code TransactionalId}...
 * @param patternType {@code LITERAL} or {@code PREFIXED}
 * @param resourceName the topic, group... name
 * @param request the API request, e.g. {@code Produce}
 */
public record AuthorizerEvent(
    long timeMillis,
    String principal,
    boolean allowed,
    String operation,
    String host,
    String resourceType,
    String patternType,
    String resourceName,
    String request) {
  public AuthorizerEvent {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(patternType, "patternType");
    Objects.requireNonNull(resourceName, "resourceName");
    Objects.requireNonNull(request, "request");
  }

  public boolean isTopic() {
    return "Topic".equalsIgnoreCase(resourceType);
  }

  public boolean isGroup() {
    return "Group".equalsIgnoreCase(resourceType);
  }
}
