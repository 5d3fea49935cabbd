package io.netmapper.common.deliver;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The delivery settings every picocli-configured reporter shares (a {@code @Mixin}): batch size,
 * retry buffer, backoff and call deadline, with the same names, defaults and meaning everywhere.
 */
public final class DeliveryFlags {
  @Option(
      names = "--batch-max-entries",
      defaultValue = "5000",
      description = "Entries per report batch.")
  public int batchMaxEntries;

  @Option(
      names = "--buffer-max-batches",
      defaultValue = "1000",
      description = "Unacknowledged batches kept while the mapper is slow or down.")
  public int bufferMaxBatches;

  @Option(
      names = "--buffer-max-bytes",
      defaultValue = "33554432",
      description = "Bytes of unacknowledged batches kept.")
  public long bufferMaxBytes;

  @Option(
      names = "--retry-initial-backoff",
      defaultValue = "PT0.2S",
      description = "Wait after the first failed delivery (doubles, +-20%% jitter).")
  public Duration retryInitialBackoff;

  @Option(
      names = "--retry-max-backoff",
      defaultValue = "PT30S",
      description = "Longest wait between two delivery attempts.")
  public Duration retryMaxBackoff;

  @Option(
      names = "--rpc-timeout",
      defaultValue = "PT5S",
      description = "Deadline of one ReportService call.")
  public Duration rpcTimeout;

  /** The retry buffer's settings: backoff doubling, ±20 % jitter. */
  public DeliveryConfig toConfig() {
    return new DeliveryConfig(
        bufferMaxBatches, bufferMaxBytes, retryInitialBackoff, retryMaxBackoff, 2.0, 0.2);
  }
}
