package io.netmapper.common.deliver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The delivery metrics every reporter has, under its own prefix: {@code <prefix>_reports_sent},
 * {@code _retried}, {@code _dropped{reason}}, {@code <prefix>_buffer_bytes} and {@code _batches}.
 */
public final class DeliveryMeters implements DeliveryListener {
  private final MeterRegistry registry;
  private final String prefix;
  private final Counter sent;
  private final Counter retried;

  /**
   * @param prefix the component's metric prefix in Micrometer's dotted form, e.g. {@code
   *     netmapper.kafkawatcher}
   */
  public DeliveryMeters(MeterRegistry registry, String prefix) {
    this.registry = registry;
    this.prefix = prefix;
    this.sent =
        Counter.builder(prefix + ".reports.sent")
            .description("Report batches acknowledged by the mapper")
            .register(registry);
    this.retried =
        Counter.builder(prefix + ".reports.retried")
            .description("Failed report deliveries that will be retried")
            .register(registry);
  }

  /**
   * Gauges of the retry buffer; {@code bytes} may be null for a reporter that shows only batches.
   */
  public void bufferGauges(Supplier<Number> bytes, Supplier<Number> batches) {
    if (bytes != null) {
      Gauge.builder(prefix + ".buffer.bytes", bytes)
          .description("Bytes of unacknowledged report batches")
          .baseUnit("bytes")
          .register(registry);
    }
    Gauge.builder(prefix + ".buffer.batches", batches)
        .description("Unacknowledged report batches")
        .register(registry);
  }

  @Override
  public void sent(long sequence, int bytes, int attempts) {
    sent.increment();
  }

  @Override
  public void retrying(long sequence, int failures, long delayNanos, Exception failure) {
    retried.increment();
  }

  @Override
  public void dropped(long sequence, int bytes, String reason) {
    Counter.builder(prefix + ".reports.dropped")
        .description("Report batches given up")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
