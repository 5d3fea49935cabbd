package io.netmapper.mapper.query;

import io.grpc.stub.ServerCallStreamObserver;
import io.netmapper.api.v1.ListIntentsResponse;
import io.netmapper.mapper.store.IntentView;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One StreamIntents call: walks the map edge by edge and sends chunks only while the client's
 * transport is ready for more (gRPC flow control), so the call holds one chunk, never the map.
 */
final class IntentStream {
  static final int CHUNK = 500;

  private final ServerCallStreamObserver<ListIntentsResponse> call;
  private final Iterator<IntentView> edges;
  private final Predicate<IntentView> keep;
  private final Set<String> includeLabels;
  private final boolean allLabels;
  private boolean done; // guarded by this

  IntentStream(
      ServerCallStreamObserver<ListIntentsResponse> call,
      Iterator<IntentView> edges,
      Predicate<IntentView> keep,
      Set<String> includeLabels,
      boolean allLabels) {
    this.call = call;
    this.edges = edges;
    this.keep = keep;
    this.includeLabels = includeLabels;
    this.allLabels = allLabels;
  }

  /** Registers the handlers and sends what the transport takes now; the rest follows on ready. */
  void start() {
    call.setOnCancelHandler(
        () -> {
          synchronized (this) {
            done = true;
          }
        });
    call.setOnReadyHandler(this::drain);
    drain();
  }

  private synchronized void drain() {
    while (!done && call.isReady()) {
      ListIntentsResponse.Builder chunk = ListIntentsResponse.newBuilder();
      while (chunk.getIntentsCount() < CHUNK && edges.hasNext()) {
        IntentView v = edges.next();
        if (keep.test(v)) {
          chunk.addIntents(IntentMessages.toMessage(v, includeLabels, allLabels));
        }
      }
      if (chunk.getIntentsCount() > 0) {
        call.onNext(chunk.build());
      }
      if (!edges.hasNext()) {
        done = true;
        call.onCompleted();
      }
    }
  }
}
