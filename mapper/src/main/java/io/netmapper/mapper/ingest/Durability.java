package io.netmapper.mapper.ingest;

import java.util.concurrent.CompletableFuture;

/**
 * When a report batch may be acknowledged: once everything applied before the call is durable. The
 * durable map (package {@code persist}) completes these futures after its group commit; a failed
 * commit fails them, and the batch is answered UNAVAILABLE so the reporter keeps it and retries.
 */
@FunctionalInterface
public interface Durability {
  /** Nothing to wait for: the in-memory map. */
  Durability NONE = () -> CompletableFuture.completedFuture(null);

  CompletableFuture<Void> durable();

  /**
   * False while the store cannot take a batch (not loaded yet, or its last commit failed): the
   * batch is answered UNAVAILABLE before anything is applied, and the reporter keeps it.
   */
  default boolean accepting() {
    return true;
  }

  /** Why {@link #accepting} is false, for the answer and /readyz. */
  default String problem() {
    return "";
  }
}
