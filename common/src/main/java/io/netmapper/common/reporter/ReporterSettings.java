package io.netmapper.common.reporter;

import io.netmapper.common.config.Checks;
import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.telemetry.TelemetryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What every reporter is told, validated once: made by {@link ReporterFlags#settings}.
 *
 * @param mapperAddress gRPC target of the mapper's ReportService
 * @param healthAddress address of {@code /healthz} and {@code /metrics}
 * @param healthPort their port (0: any free one, for tests)
 * @param batchMaxEntries entries per report batch
 * @param delivery the retry buffer's limits and backoff
 * @param rpcTimeout deadline of one ReportService call
 * @param telemetry the telemetry switch and endpoint
 */
public record ReporterSettings(
    String mapperAddress,
    String healthAddress,
    int healthPort,
    int batchMaxEntries,
    DeliveryConfig delivery,
    Duration rpcTimeout,
    TelemetryConfig telemetry) {

  public ReporterSettings {
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(telemetry, "telemetry");
    if (mapperAddress.isBlank()) {
      throw new IllegalArgumentException("--mapper-address must not be empty");
    }
    Checks.port("--health-port", healthPort);
    if (batchMaxEntries < 1) {
      throw new IllegalArgumentException("--batch-max-entries must be >= 1");
    }
    Checks.positive("--rpc-timeout", rpcTimeout);
  }
}
