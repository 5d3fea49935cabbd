package io.netmapper.aws.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The proxy's meters, all {@code netmapper_aws_proxy_*}; every drop counter has a reason. */
final class ProxyMetrics {

  static final String REQUESTS = "netmapper_aws_proxy_requests_total";
  static final String TLS_FAILURES = "netmapper_aws_proxy_tls_failures_total";
  static final String UPSTREAM_ERRORS = "netmapper_aws_proxy_upstream_errors_total";
  static final String REJECTED_HOSTS = "netmapper_aws_proxy_rejected_hosts_total";
  static final String MALFORMED = "netmapper_aws_proxy_malformed_requests_total";
  static final String LISTENER_ERRORS = "netmapper_aws_proxy_listener_errors_total";
  static final String BYTES = "netmapper_aws_proxy_body_bytes_total";
  static final String OPEN_CONNECTIONS = "netmapper_aws_proxy_open_connections";

  private final MeterRegistry registry;
  private final Counter bytesUp;
  private final Counter bytesDown;
  private final AtomicInteger openHttps = new AtomicInteger();
  private final AtomicInteger openHttp = new AtomicInteger();

  ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytesUp =
        Counter.builder(BYTES)
            .tag("direction", "up")
            .description("request body bytes forwarded to AWS")
            .register(registry);
    this.bytesDown =
        Counter.builder(BYTES)
            .tag("direction", "down")
            .description("response body bytes returned to clients")
            .register(registry);
    Gauge.builder(OPEN_CONNECTIONS, openHttps, AtomicInteger::get)
        .tag("scheme", "https")
        .description("open client connections")
        .register(registry);
    Gauge.builder(OPEN_CONNECTIONS, openHttp, AtomicInteger::get)
        .tag("scheme", "http")
        .description("open client connections")
        .register(registry);
  }

  /** outcome: the response's status class ("2xx".."5xx") or why there was none. */
  void request(String scheme, String outcome) {
    registry.counter(REQUESTS, "scheme", scheme, "outcome", outcome).increment();
  }

  void tlsFailure(String reason) {
    registry.counter(TLS_FAILURES, "reason", reason).increment();
  }

  void upstreamError(String reason) {
    registry.counter(UPSTREAM_ERRORS, "reason", reason).increment();
  }

  void rejectedHost(String scheme, String reason) {
    registry.counter(REJECTED_HOSTS, "scheme", scheme, "reason", reason).increment();
  }

  void malformed(String scheme, String reason) {
    registry.counter(MALFORMED, "scheme", scheme, "reason", reason).increment();
  }

  void listenerError(String reason) {
    registry.counter(LISTENER_ERRORS, "reason", reason).increment();
  }

  void bytesUp(int n) {
    bytesUp.increment(n);
  }

  void bytesDown(int n) {
    bytesDown.increment(n);
  }

  AtomicInteger open(String scheme) {
    return "https".equals(scheme) ? openHttps : openHttp;
  }
}
