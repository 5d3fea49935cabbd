package io.netmapper.aws.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netmapper.aws.report.AwsCallCollector;
import io.netmapper.common.deliver.DeliveryMeters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reporting side's metrics, {@code netmapper_aws_operations_*} and {@code
 * netmapper_aws_reports_*}; the proxy, DNS server and webhook register their own on the same
 * registry.
 */
public final class ReportMetrics implements AwsCallCollector.Counters {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  private final DeliveryMeters delivery;

  public ReportMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.delivery = new DeliveryMeters(registry, "netmapper.aws");
  }

  private Counter counter(String name, String help, String... tags) {
    String key = name + '|' + String.join("|", tags);
    return counters.computeIfAbsent(
        key, k -> Counter.builder(name).description(help).tags(tags).register(registry));
  }

  @Override
  public void operation(String service, String outcome) {
    counter(
            "netmapper.aws.operations",
            "AWS calls seen by the proxy, by whether the operation was recognised",
            "service",
            service,
            "outcome",
            outcome)
        .increment();
  }

  @Override
  public void dropped(String reason) {
    counter(
            "netmapper.aws.operations.dropped",
            "AWS calls dropped before a report",
            "reason",
            reason)
        .increment();
  }

  /** The delivery metrics ({@code netmapper_aws_reports_*}, {@code netmapper_aws_buffer_*}). */
  public DeliveryMeters delivery() {
    return delivery;
  }
}
