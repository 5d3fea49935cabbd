package io.netmapper.kafkawatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.common.deliver.DeliveryMeters;
import io.netmapper.kafkawatcher.collect.AccessAggregator;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.collect.LineHandler;
import io.netmapper.kafkawatcher.source.StreamState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every kafka-watcher metric, named {@code netmapper_kafkawatcher_*}; every drop, skip or malformed
 * counter has a {@code reason} label. Implements the counting interfaces of the other packages so
 * they do not depend on Micrometer.
 */
public final class KafkaWatcherMetrics implements LineHandler.Counters, AccessAggregator.Counters {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DeliveryMeters delivery = new DeliveryMeters(registry, "netmapper.kafkawatcher");
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<BrokerPod, StreamState> states = new ConcurrentHashMap<>();
  // per-line counters, looked up without building strings (the line path runs at millions of
  // lines/s)
  private final Map<BrokerPod, Counter> linesRead = new ConcurrentHashMap<>();
  private final Map<Matched, Counter> linesMatched = new ConcurrentHashMap<>();

  private record Matched(BrokerPod broker, boolean allowed, String resource) {}

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  private Counter counter(String name, String help, String... tags) {
    String key = name + '|' + String.join("|", tags);
    return counters.computeIfAbsent(
        key, k -> Counter.builder(name).description(help).tags(Tags.of(tags)).register(registry));
  }

  @Override
  public void lineRead(BrokerPod broker) {
    linesRead
        .computeIfAbsent(
            broker,
            b ->
                counter(
                    "netmapper.kafkawatcher.lines.read", "Log lines read", "broker", b.toString()))
        .increment();
  }

  @Override
  public void lineMatched(BrokerPod broker, boolean allowed, String resource) {
    linesMatched
        .computeIfAbsent(
            new Matched(broker, allowed, resource),
            m ->
                counter(
                    "netmapper.kafkawatcher.lines.matched",
                    "Authorizer lines read as a decision",
                    "broker",
                    m.broker().toString(),
                    "result",
                    m.allowed() ? "allowed" : "denied",
                    "resource",
                    m.resource()))
        .increment();
  }

  @Override
  public void lineMalformed(String reason) {
    counter(
            "netmapper.kafkawatcher.lines.malformed",
            "Authorizer-looking lines that could not be read",
            "reason",
            reason)
        .increment();
  }

  /** Lines seen again after a reconnect and skipped (resume without duplicates). */
  public void lineSkipped(BrokerPod broker, String reason) {
    counter(
            "netmapper.kafkawatcher.lines.skipped",
            "Lines skipped without parsing",
            "broker",
            broker.toString(),
            "reason",
            reason)
        .increment();
  }

  @Override
  public void accessDropped(String reason) {
    counter(
            "netmapper.kafkawatcher.accesses.dropped",
            "Accesses dropped before a report",
            "reason",
            reason)
        .increment();
  }

  public void reconnect(BrokerPod broker, String reason) {
    counter(
            "netmapper.kafkawatcher.stream.reconnects",
            "Log stream reconnects",
            "broker",
            broker.toString(),
            "reason",
            reason)
        .increment();
  }

  /**
   * Sets a broker's stream state; {@code netmapper_kafkawatcher_stream_state{broker,state}} is 1
   * for the current one.
   */
  public void streamState(BrokerPod broker, StreamState state) {
    if (states.put(broker, state) == null) {
      for (StreamState s : StreamState.values()) {
        Gauge.builder("netmapper.kafkawatcher.stream.state", () -> states.get(broker) == s ? 1 : 0)
            .description("1 for the current state of a broker's log stream")
            .tags("broker", broker.toString(), "state", s.label())
            .register(registry);
      }
    }
  }

  public Map<BrokerPod, StreamState> streamStates() {
    return Map.copyOf(states);
  }

  public void forget(BrokerPod broker) {
    states.remove(broker);
    linesRead.remove(broker);
    linesMatched.keySet().removeIf(m -> m.broker().equals(broker));
    registry.getMeters().stream()
        .filter(
            m ->
                m.getId().getName().equals("netmapper.kafkawatcher.stream.state")
                    && broker.toString().equals(m.getId().getTag("broker")))
        .forEach(registry::remove);
  }

  /**
   * The delivery metrics ({@code netmapper_kafkawatcher_reports_*}, {@code
   * netmapper_kafkawatcher_buffer_*}).
   */
  public DeliveryMeters delivery() {
    return delivery;
  }
}
