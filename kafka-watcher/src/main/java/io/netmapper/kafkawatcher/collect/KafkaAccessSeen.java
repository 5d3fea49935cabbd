package io.netmapper.kafkawatcher.collect;

import java.util.Objects;

/**
 * Accesses with the same key in one interval, aggregated: who (client IP) did what (operation, as
 * logged) to which topic on which broker, allowed or denied, first/last time and how often.
 */
public record KafkaAccessSeen(Key key, long firstSeenMillis, long lastSeenMillis, long count) {

  /** What makes two log lines the same access. */
  public record Key(
      String clientIp,
      BrokerPod broker,
      String topic,
      String patternType,
      String operation,
      boolean allowed) {
    public Key {
      Objects.requireNonNull(clientIp, "clientIp");
      Objects.requireNonNull(broker, "broker");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(patternType, "patternType");
      Objects.requireNonNull(operation, "operation");
    }
  }

  public KafkaAccessSeen {
    Objects.requireNonNull(key, "key");
    if (count < 1 || firstSeenMillis > lastSeenMillis) {
      throw new IllegalArgumentException(
          "bad window " + firstSeenMillis + ".." + lastSeenMillis + " x" + count);
    }
  }
}
