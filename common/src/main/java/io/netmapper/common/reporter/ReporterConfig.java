package io.netmapper.common.reporter;

import io.netmapper.common.deliver.DeliveryConfig;
import io.netmapper.common.telemetry.TelemetryConfig;
import java.time.Duration;

/**
 * A reporter's config record: it holds its {@link ReporterSettings} as {@code reporter} and,
 * through these methods, reads like it had the settings as its own fields ({@code
 * config.healthPort()}).
 */
public interface ReporterConfig {
  ReporterSettings reporter();

  default String mapperAddress() {
    return reporter().mapperAddress();
  }

  default String healthAddress() {
    return reporter().healthAddress();
  }

  default int healthPort() {
    return reporter().healthPort();
  }

  default int batchMaxEntries() {
    return reporter().batchMaxEntries();
  }

  default DeliveryConfig delivery() {
    return reporter().delivery();
  }

  default Duration rpcTimeout() {
    return reporter().rpcTimeout();
  }

  default TelemetryConfig telemetry() {
    return reporter().telemetry();
  }
}
