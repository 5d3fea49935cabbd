package io.netmapper.kafkawatcher.collect;

import java.util.Objects;

/**
 * A Kafka broker pod whose authorizer log is read. Written {@code name.namespace} in the config.
 */
public record BrokerPod(String namespace, String name) implements Comparable<BrokerPod> {
  public BrokerPod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("broker pod needs a name and a namespace");
    }
  }

  /**
   * Parses {@code name.namespace} (pod names may contain dots: the namespace is after the last
   * one).
   */
  public static BrokerPod parse(String text) {
    String t = text.trim();
    int dot = t.lastIndexOf('.');
    if (dot <= 0 || dot == t.length() - 1) {
      throw new IllegalArgumentException(
          "broker '" + text + "' must be written name.namespace, e.g. kafka-0.kafka");
    }
    return new BrokerPod(t.substring(dot + 1), t.substring(0, dot));
  }

  @Override
  public String toString() {
    return name + "." + namespace;
  }

  @Override
  public int compareTo(BrokerPod o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }
}
