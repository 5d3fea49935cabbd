package io.netmapper.common.deliver;

/**
 * Sends one batch to the mapper and returns once it is acknowledged. Implementations wrap a gRPC
 * stub (with a deadline) or anything else that can fail.
 */
@FunctionalInterface
public interface BatchSender<M> {

  /** Sends and waits for the acknowledgement; any exception means "not delivered". */
  void send(M batch) throws Exception;

  /**
   * Whether a failure can never succeed on retry (for example the mapper rejected the batch as
   * invalid, or it is larger than the mapper takes). Such a batch is dropped at once with the
   * reason {@link #dropReason}. Default: every failure is retried.
   */
  default boolean isPermanent(Exception failure) {
    return false;
  }

  /**
   * The counted reason of a {@linkplain #isPermanent permanent} failure; default {@code rejected}.
   */
  default String dropReason(Exception failure) {
    return DeliveryListener.REJECTED;
  }

  /**
   * The wait the mapper asked for before the same batch is sent again (it is over capacity and
   * keeps nothing of it), in milliseconds; negative when it did not ask (the reporter's own backoff
   * applies). Default: never asked.
   */
  default long retryAfterMillis(Exception failure) {
    return -1;
  }
}
