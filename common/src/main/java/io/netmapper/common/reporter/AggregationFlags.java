package io.netmapper.common.reporter;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The flags of a reporter that aggregates observations per interval and reports once per interval
 * (a {@code @Mixin}; the Kafka watcher and AWS visibility). A reporter that reports per poll, like
 * the Istio watcher, does not take them.
 */
public final class AggregationFlags {
  @Option(
      names = "--report-interval",
      defaultValue = "PT10S",
      description = "Aggregation interval; one report per interval.")
  public Duration reportInterval;

  @Option(
      names = "--aggregate-max-entries",
      defaultValue = "100000",
      description = "Distinct entries kept per interval; more are dropped and counted.")
  public int aggregateMaxEntries;
}
