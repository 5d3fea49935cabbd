package io.netmapper.mapper.query;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.ListIntentsResponse;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.api.v1.ResetIntentsRequest;
import io.netmapper.api.v1.ResetIntentsResponse;
import io.netmapper.mapper.store.IntentStore;
import io.netmapper.mapper.store.IntentView;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the CLI and UI call: list the map with filters, or reset it. */
public final class MapperService extends MapperServiceGrpc.MapperServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(MapperService.class);

  private final IntentStore store;
  private final Runnable onReset;
  private final PolicyFacts policyFacts;

  /**
   * @param onReset also run on reset (e.g. forget observations still waiting for the cache)
   */
  public MapperService(IntentStore store, Runnable onReset) {
    this(store, onReset, PolicyFacts.NONE);
  }

  /**
   * @param policyFacts what a query with include_all_labels also returns (target ports, hostNetwork
   *     addresses)
   */
  public MapperService(IntentStore store, Runnable onReset, PolicyFacts policyFacts) {
    this.store = store;
    this.onReset = onReset;
    this.policyFacts = policyFacts;
  }

  @Override
  public void listIntents(
      ListIntentsRequest request, StreamObserver<ListIntentsResponse> response) {
    IntentFilter filter = filterOf(request, response);
    if (filter == null) {
      return;
    }
    Set<String> include = new LinkedHashSet<>(request.getIncludeLabelsList());
    List<IntentView> views = filter.apply(store.snapshot());
    ListIntentsResponse.Builder out = ListIntentsResponse.newBuilder();
    boolean all = request.getIncludeAllLabels();
    for (IntentView v : views) {
      io.netmapper.api.v1.Intent message = IntentMessages.toMessage(v, include, all);
      out.addIntents(all ? PolicyFields.add(message, v, policyFacts) : message);
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  /** ListIntents in chunks with flow control (unsorted): memory does not grow with the map. */
  @Override
  public void streamIntents(
      ListIntentsRequest request, StreamObserver<ListIntentsResponse> response) {
    IntentFilter filter = filterOf(request, response);
    if (filter == null) {
      return;
    }
    Set<String> callers = filter.callers(store.iterator());
    new IntentStream(
            (ServerCallStreamObserver<ListIntentsResponse>) response,
            store.iterator(),
            filter.predicate(callers),
            new LinkedHashSet<>(request.getIncludeLabelsList()),
            request.getIncludeAllLabels())
        .start();
  }

  /** The request's filter, or null after answering INVALID_ARGUMENT. */
  private static IntentFilter filterOf(
      ListIntentsRequest request, StreamObserver<ListIntentsResponse> response) {
    try {
      IntentFilter filter =
          new IntentFilter(
              Set.copyOf(request.getNamespacesList()),
              Set.copyOf(request.getServersList()),
              request.getExcludeLabelsList().stream().map(IntentFilter.LabelMatch::parse).toList());
      for (String server : request.getServersList()) {
        if (server.indexOf('.') <= 0 || server.endsWith(".")) {
          throw new IllegalArgumentException("servers: '" + server + "' must be name.namespace");
        }
      }
      return filter;
    } catch (IllegalArgumentException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return null;
    }
  }

  @Override
  public void resetIntents(
      ResetIntentsRequest request, StreamObserver<ResetIntentsResponse> response) {
    int forgotten = store.reset();
    onReset.run();
    LOG.info("map reset edgesForgotten={}", forgotten);
    response.onNext(ResetIntentsResponse.newBuilder().setForgotten(forgotten).build());
    response.onCompleted();
  }
}
