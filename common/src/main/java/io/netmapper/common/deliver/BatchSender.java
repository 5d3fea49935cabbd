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
   * invalid). Such a batch is dropped with reason {@code rejected}. Default: every failure is
   * retried.
   */
  default boolean isPermanent(Exception failure) {
    return false;
  }
}
