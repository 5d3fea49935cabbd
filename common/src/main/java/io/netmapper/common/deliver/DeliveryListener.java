package io.netmapper.common.deliver;

/** Observes delivery for metrics and logs. Methods run on the caller's or the worker's thread. */
public interface DeliveryListener {

  /** Reason label of a batch dropped because the buffer was full. */
  String BUFFER_FULL = "buffer_full";

  /** Reason label of a batch larger than the whole buffer. */
  String BATCH_TOO_LARGE = "batch_too_large";

  /** Reason label of a batch the mapper refused for good. */
  String REJECTED = "rejected";

  /** Reason label of batches still buffered when the reporter stopped. */
  String STOPPED = "stopped";

  DeliveryListener NONE = new DeliveryListener() {};

  default void sent(long sequence, int bytes, int attempts) {}

  default void retrying(long sequence, int failures, long delayNanos, Exception failure) {}

  default void dropped(long sequence, int bytes, String reason) {}
}
