package io.netmapper.aws.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The DNS server's meters; outcomes as in {@link Outcome}. */
final class DnsMetrics {

  enum Transport {
    UDP,
    TCP
  }

  enum Outcome {
    ANSWERED_AWS,
    NODATA_AWS,
    FORWARDED,
    SERVFAIL,
    FORMERR,
    DROPPED
  }

  private final MeterRegistry registry;

  DnsMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void query(Transport transport, Outcome outcome) {
    Counter.builder("netmapper_aws_dns_queries")
        .description("DNS queries by transport and what the server did with them")
        .tag("transport", transport.name().toLowerCase())
        .tag("outcome", outcome.name().toLowerCase())
        .register(registry)
        .increment();
  }

  void upstreamLatency(Transport transport, boolean answered, Duration took) {
    Timer.builder("netmapper_aws_dns_upstream_latency")
        .description("Time the cluster DNS took to answer a forwarded query")
        .tag("transport", transport.name().toLowerCase())
        .tag("outcome", answered ? "answered" : "timeout_or_error")
        .register(registry)
        .record(took);
  }
}
