package io.netmapper.mapper.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One resolved observation to merge into the map.
 *
 * @param port server port, 0 when unknown (a DNS answer alone)
 * @param dnsName the name the client asked for, or null
 * @param serviceName the Service the client went through ({@code name.namespace}), or null
 * @param internetIps for Internet targets, the IPs seen (empty otherwise)
 * @param detail kind-specific detail (Kafka topic/operation, HTTP path/method, AWS action), or null
 * @param clientLabels labels of the client pod seen (shared, not copied), empty when none
 * @param serverLabels labels of the server pod seen, empty when none
 */
public record EdgeUpdate(
    Peer client,
    Peer server,
    IntentType type,
    Evidence evidence,
    long firstSeenMillis,
    long lastSeenMillis,
    long count,
    int port,
    String dnsName,
    String serviceName,
    List<String> internetIps,
    Detail detail,
    Map<String, String> clientLabels,
    Map<String, String> serverLabels) {

  public EdgeUpdate {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(evidence, "evidence");
    internetIps = internetIps == null ? List.of() : internetIps;
    clientLabels = clientLabels == null ? Map.of() : clientLabels;
    serverLabels = serverLabels == null ? Map.of() : serverLabels;
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Kind-specific detail of an access. */
  public sealed interface Detail {}

  /** A Kafka topic and a ClientIntents operation (consume, produce, describe...). */
  public record KafkaDetail(String topic, String operation) implements Detail {}

  /** An HTTP path and method. */
  public record HttpDetail(String path, String method) implements Detail {}

  /** An AWS action such as {@code s3:PutObject}. */
  public record AwsDetail(String action) implements Detail {}
}
