package io.netmapper.mapper.ingest;

/**
 * How much ingest the mapper takes at once. Over it, a batch is answered RESOURCE_EXHAUSTED with
 * the trailer {@value ReportService#RETRY_AFTER_TRAILER} (decimal milliseconds): the reporters'
 * delivery backs off that long and retries. RESOURCE_EXHAUSTED without that trailer means "never
 * retry" to them, so it is only ever sent with it.
 *
 * @param maxInFlightBatches batches received and not yet answered (applied, waiting for the group
 *     commit), at most
 * @param retryAfterMillis the delay the answer asks for
 */
public record Capacity(int maxInFlightBatches, long retryAfterMillis) {
  public static final Capacity UNLIMITED = new Capacity(Integer.MAX_VALUE, 1000);

  public Capacity {
    if (maxInFlightBatches < 1 || retryAfterMillis < 1) {
      throw new IllegalArgumentException("capacity and retry delay must be >= 1");
    }
  }
}
