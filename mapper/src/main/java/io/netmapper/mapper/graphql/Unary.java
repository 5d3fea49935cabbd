package io.netmapper.mapper.graphql;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Calls a unary gRPC service method in process and returns its answer. A report is answered only
 * once its effects are durable (after the store's group commit, on the committing thread), so the
 * caller waits for the answer; GraphQL requests run on the blocking executor, never on an event
 * loop.
 */
final class Unary<T> implements StreamObserver<T> {
  /** As long as a reporter's own call may take; a store that commits slower has failed. */
  private static final long ANSWER_TIMEOUT_SECONDS = 30;

  private final CompletableFuture<T> answer = new CompletableFuture<>();

  static <Q, T> T call(BiConsumer<Q, StreamObserver<T>> method, Q request) {
    Unary<T> u = new Unary<>();
    method.accept(request, u);
    try {
      return u.answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw new RejectedException(
            s.getStatus().getDescription() == null
                ? s.getStatus().getCode().name()
                : s.getStatus().getDescription());
      }
      throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no answer within " + ANSWER_TIMEOUT_SECONDS + " s (is the store committing?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the answer", e);
    }
  }

  @Override
  public void onNext(T v) {
    answer.complete(v);
  }

  @Override
  public void onError(Throwable t) {
    answer.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    answer.completeExceptionally(new IllegalStateException("service answered nothing"));
  }

  /** The service refused the request (INVALID_ARGUMENT...): its message goes to the caller. */
  static final class RejectedException extends RuntimeException {
    RejectedException(String message) {
      super(message, null, false, false);
    }
  }
}
