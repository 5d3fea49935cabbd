package io.netmapper.common.reporter;

import io.netmapper.common.deliver.DeliveryFlags;
import io.netmapper.common.telemetry.TelemetryConfig;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags every picocli-configured reporter takes (a {@code @Mixin}): where the mapper is, where
 * health and metrics are served, delivery (batch size, retry buffer, backoff, call deadline) and
 * the telemetry switch. Same names, environment variables and defaults in every reporter; only the
 * health port differs, so it is the one value a reporter passes in.
 *
 * <p>The health port has no {@code defaultValue} attribute on purpose: picocli then takes the
 * field's initial value, set here per reporter, as the default (shown by {@code --help}, used when
 * neither the flag nor {@code NETMAPPER_HEALTH_PORT} is given).
 */
public final class ReporterFlags {
  /** The mapper's Service in the chart's default namespace. */
  public static final String DEFAULT_MAPPER_ADDRESS = "netmapper-mapper.netmapper-system:9090";

  @Option(
      names = "--mapper-address",
      defaultValue = DEFAULT_MAPPER_ADDRESS,
      description = "gRPC target of the mapper's ReportService.")
  String mapperAddress;

  @Option(
      names = "--health-address",
      defaultValue = "0.0.0.0",
      description = "Address of the /healthz and /metrics server.")
  String healthAddress;

  @Option(
      names = "--health-port",
      description = "Port of the /healthz and /metrics server (default: ${DEFAULT-VALUE}).")
  int healthPort;

  @Mixin DeliveryFlags delivery = new DeliveryFlags();

  @Option(
      names = "--telemetry-enabled",
      defaultValue = "true",
      arity = "1",
      description = "Anonymous usage counters (sent only to NETMAPPER_TELEMETRY_ENDPOINT).")
  boolean telemetryEnabled;

  /**
   * @param defaultHealthPort this reporter's health port when none is configured
   */
  public ReporterFlags(int defaultHealthPort) {
    this.healthPort = defaultHealthPort;
  }

  /**
   * The settings these flags make, validated.
   *
   * @param env the environment (telemetry endpoint and interval are read from it)
   * @throws IllegalArgumentException for values that parse but make no sense
   */
  public ReporterSettings settings(Map<String, String> env) {
    return new ReporterSettings(
        mapperAddress.trim(),
        healthAddress.trim(),
        healthPort,
        delivery.batchMaxEntries,
        delivery.toConfig(),
        delivery.rpcTimeout,
        TelemetryConfig.of(telemetryEnabled, env));
  }
}
