package io.netmapper.aws.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netmapper.aws.report.AwsCallCollector;
import io.netmapper.common.deliver.DeliveryListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The reporting side's metrics, {@code netmapper_aws_operations_*} and {@code netmapper_aws_reports_*};
 * the proxy, DNS server and webhook register their own on the same registry.
 */
public final class ReportMetrics implements AwsCallCollector.Counters, DeliveryListener {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public ReportMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private Counter counter(String name, String help, String... tags) {
    String key = name + '|' + String.join("|", tags);
    return counters.computeIfAbsent(key, k -> Counter.builder(name).description(help).tags(tags).register(registry));
  }

  @Override
  public void operation(String service, String outcome) {
    counter("netmapper.aws.operations", "AWS calls seen by the proxy, by whether the operation was recognised",
        "service", service, "outcome", outcome).increment();
  }

  @Override
  public void dropped(String reason) {
    counter("netmapper.aws.operations.dropped", "AWS calls dropped before a report", "reason", reason).increment();
  }

  public void bufferGauges(Supplier<Number> bytes, Supplier<Number> batches) {
    Gauge.builder("netmapper.aws.buffer.bytes", bytes).description("Bytes of unacknowledged report batches")
        .baseUnit("bytes").register(registry);
    Gauge.builder("netmapper.aws.buffer.batches", batches).description("Unacknowledged report batches")
        .register(registry);
  }

  @Override
  public void sent(long sequence, int bytes, int attempts) {
    counter("netmapper.aws.reports.sent", "Report batches acknowledged by the mapper").increment();
  }

  @Override
  public void retrying(long sequence, int failures, long delayNanos, Exception failure) {
    counter("netmapper.aws.reports.retried", "Failed report deliveries that will be retried").increment();
  }

  @Override
  public void dropped(long sequence, int bytes, String reason) {
    counter("netmapper.aws.reports.dropped", "Report batches given up", "reason", reason).increment();
  }
}
