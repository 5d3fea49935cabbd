package io.netmapper.mapper.graphql;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;

/**
 * Calls a unary gRPC service method in process and returns its answer. The services answer on the
 * calling thread, so no waiting is involved.
 */
final class Unary<T> implements StreamObserver<T> {
  private T value;
  private Throwable error;

  static <Q, T> T call(BiConsumer<Q, StreamObserver<T>> method, Q request) {
    Unary<T> u = new Unary<>();
    method.accept(request, u);
    if (u.error instanceof StatusRuntimeException e) {
      throw new RejectedException(
          e.getStatus().getDescription() == null
              ? e.getStatus().getCode().name()
              : e.getStatus().getDescription());
    }
    if (u.error != null) {
      throw new IllegalStateException(u.error.getMessage(), u.error);
    }
    if (u.value == null) {
      throw new IllegalStateException("service answered nothing");
    }
    return u.value;
  }

  @Override
  public void onNext(T v) {
    value = v;
  }

  @Override
  public void onError(Throwable t) {
    error = t;
  }

  @Override
  public void onCompleted() {}

  /** The service refused the request (INVALID_ARGUMENT...): its message goes to the caller. */
  static final class RejectedException extends RuntimeException {
    RejectedException(String message) {
      super(message, null, false, false);
    }
  }
}
