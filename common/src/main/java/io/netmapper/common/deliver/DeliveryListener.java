package io.netmapper.common.deliver;

/** Observes delivery for metrics and logs. Methods run on the caller's or the worker's thread. */
public interface DeliveryListener {

  /** Reason label of a batch dropped because the buffer was full. */
  String BUFFER_FULL = "buffer_full";

  /**
   * Reason label of a batch that can never be delivered because of its size: larger than the
   * mapper's request limit (it answered RESOURCE_EXHAUSTED without a retry delay, or the batch is
   * over {@link ReportDelivery#MAX_REQUEST_BYTES}) or than the whole buffer.
   */
  String TOO_LARGE = "too_large";

  /** The same as {@link #TOO_LARGE} (its former name). */
  String BATCH_TOO_LARGE = TOO_LARGE;

  /** Reason label of a batch the mapper refused for good (INVALID_ARGUMENT). */
  String REJECTED = "rejected";

  /** Reason label of batches still buffered when the reporter stopped. */
  String STOPPED = "stopped";

  DeliveryListener NONE = new DeliveryListener() {};

  default void sent(long sequence, int bytes, int attempts) {}

  default void retrying(long sequence, int failures, long delayNanos, Exception failure) {}

  default void dropped(long sequence, int bytes, String reason) {}
}
