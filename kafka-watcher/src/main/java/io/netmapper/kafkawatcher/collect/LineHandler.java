package io.netmapper.kafkawatcher.collect;

import io.netmapper.common.net.IpAddresses;
import io.netmapper.kafkawatcher.parse.AuthorizerEvent;
import io.netmapper.kafkawatcher.parse.AuthorizerLogParser;
import io.netmapper.kafkawatcher.parse.ParseResult;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Turns the log lines of one broker into aggregated topic accesses. One per broker stream (the
 * parser is not shared between threads).
 */
public final class LineHandler {
  /** What the handler counts; the metrics implement it. */
  public interface Counters {
    void lineRead(BrokerPod broker);

    /**
     * @param resource {@code topic}, {@code group} or {@code other} (only topics are reported)
     */
    void lineMatched(BrokerPod broker, boolean allowed, String resource);

    void lineMalformed(String reason);
  }

  private final BrokerPod broker;
  private final AuthorizerLogParser parser;
  private final AccessAggregator aggregator;
  private final Counters counters;

  public LineHandler(
      BrokerPod broker, ZoneId logZone, AccessAggregator aggregator, Counters counters) {
    this.broker = broker;
    this.parser = new AuthorizerLogParser(logZone);
    this.aggregator = aggregator;
    this.counters = counters;
  }

  public BrokerPod broker() {
    return broker;
  }

  /**
   * One complete log line.
   *
   * @param fallbackMillis time to use when the line carries none (pod-log timestamp or read time)
   */
  public void line(String line, long fallbackMillis) {
    counters.lineRead(broker);
    ParseResult r = parser.parse(line);
    if (r instanceof ParseResult.Malformed m) {
      counters.lineMalformed(m.reason());
      return;
    }
    if (!(r instanceof ParseResult.Matched matched)) {
      return;
    }
    AuthorizerEvent e = matched.event();
    if (!e.isTopic()) {
      // groups, the cluster, transactional ids: ClientIntents name topics only
      counters.lineMatched(broker, e.allowed(), e.isGroup() ? "group" : "other");
      return;
    }
    String host = e.host().startsWith("/") ? e.host().substring(1) : e.host();
    Optional<String> ip = IpAddresses.canonical(host);
    if (ip.isEmpty()) {
      counters.lineMalformed("bad_host");
      return;
    }
    counters.lineMatched(broker, e.allowed(), "topic");
    long at = e.timeMillis() >= 0 ? e.timeMillis() : fallbackMillis;
    aggregator.add(
        new KafkaAccessSeen.Key(
            ip.get(), broker, e.resourceName(), e.patternType(), e.operation(), e.allowed()),
        at);
  }

  /** A line that could not be completed (cut by truncation or rotation, or too long). */
  public void partial(String reason) {
    counters.lineRead(broker);
    counters.lineMalformed(reason);
  }
}
