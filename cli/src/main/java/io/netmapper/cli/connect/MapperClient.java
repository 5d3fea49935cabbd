package io.netmapper.cli.connect;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.api.v1.ResetIntentsRequest;
import io.netmapper.cli.CliException;
import io.netmapper.cli.map.MapQuery;
import io.netmapper.cli.map.ServiceMap;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The two MapperService calls the CLI makes, with every gRPC failure turned into a CliException.
 */
public final class MapperClient {
  private final MapperSession session;
  private final Duration timeout;

  public MapperClient(MapperSession session, Duration timeout) {
    this.session = session;
    this.timeout = timeout;
  }

  /**
   * Reads the mapper's StreamIntents (chunks, so the mapper's memory does not grow with the map); a
   * mapper older than that RPC answers UNIMPLEMENTED and is asked with ListIntents instead.
   */
  public List<Intent> listIntents(ListIntentsRequest request) {
    if (session.graphql() != null) {
      return new GraphQlMapper(session, timeout).listIntents(request);
    }
    try {
      return call(
          stub -> {
            List<Intent> out = new java.util.ArrayList<>();
            stub.streamIntents(request)
                .forEachRemaining(chunk -> out.addAll(chunk.getIntentsList()));
            return out;
          },
          "list intents");
    } catch (CliException e) {
      if (e.getCause() instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return call(stub -> stub.listIntents(request).getIntentsList(), "list intents");
      }
      throw e;
    }
  }

  /** Lists intents matching {@code query} and returns them as the CLI's merged, sorted map. */
  public ServiceMap fetchMap(MapQuery query) {
    ListIntentsRequest request =
        ListIntentsRequest.newBuilder()
            .addAllNamespaces(query.namespaces())
            .addAllServers(query.servers())
            .addAllExcludeLabels(query.excludeLabels())
            .build();
    return IntentConverter.toMap(listIntents(request)).withoutServices(query.excludeServices());
  }

  /**
   * Lists intents matching {@code query} with every label and the policy fields (target ports,
   * hostNetwork addresses), as NetworkPolicy generation and checking need them.
   */
  public java.util.List<io.netmapper.cli.policy.Flow> fetchPolicyFlows(MapQuery query) {
    ListIntentsRequest request =
        ListIntentsRequest.newBuilder()
            .addAllNamespaces(query.namespaces())
            .addAllServers(query.servers())
            .addAllExcludeLabels(query.excludeLabels())
            .setIncludeAllLabels(true)
            .build();
    return PolicyFlows.from(listIntents(request), query.excludeServices());
  }

  /**
   * Asks the mapper to forget everything; returns how many intents it forgot (-1: the mapper does
   * not say, as Otterize's GraphQL API).
   */
  public long reset() {
    if (session.graphql() != null) {
      return new GraphQlMapper(session, timeout).reset();
    }
    return call(
        stub -> stub.resetIntents(ResetIntentsRequest.getDefaultInstance()).getForgotten(),
        "reset");
  }

  private <T> T call(Function<MapperServiceGrpc.MapperServiceBlockingStub, T> rpc, String what) {
    MapperServiceGrpc.MapperServiceBlockingStub stub =
        MapperServiceGrpc.newBlockingStub(session.channel())
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return rpc.apply(stub);
    } catch (StatusRuntimeException e) {
      throw describe(e, what);
    }
  }

  static String human(Duration d) {
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private CliException describe(StatusRuntimeException e, String what) {
    Status status = e.getStatus();
    String target = session.description();
    String detail =
        status.getCause() != null
            ? KubeErrors.rootMessage(status.getCause())
            : status.getDescription() != null
                ? status.getDescription()
                : status.getCode().toString();
    List<String> problems = session.transportProblems();
    String carrier = problems.isEmpty() ? "" : " [" + String.join("; ", problems) + "]";
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          CliException.error(
              "cannot reach "
                  + target
                  + ": "
                  + detail
                  + carrier
                  + "; check that the mapper is running and the address is right (--mapper-url, or the"
                  + " --mapper-namespace/--mapper-service-name/--mapper-service-port of the installed mapper)",
              e);
      case DEADLINE_EXCEEDED ->
          CliException.error(
              target
                  + " did not answer "
                  + what
                  + " within "
                  + human(timeout)
                  + carrier
                  + "; raise --timeout or check the mapper's health (/healthz)",
              e);
      case UNIMPLEMENTED ->
          CliException.error(
              target
                  + " does not serve netmapper.v1.MapperService ("
                  + detail
                  + "); is the address pointing at the netmapper mapper, and is the mapper as new as this CLI?",
              e);
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          CliException.error(
              target + " refused to " + what + ": " + status.getCode() + " " + detail, e);
      default ->
          CliException.error(
              "the mapper API failed to "
                  + what
                  + " ("
                  + target
                  + "): "
                  + status.getCode()
                  + " "
                  + detail
                  + "; see the mapper logs for details",
              e);
    };
  }
}
