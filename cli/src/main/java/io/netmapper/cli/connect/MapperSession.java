package io.netmapper.cli.connect;

import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An open way to the mapper: a gRPC channel plus whatever carries it (a port-forward and the
 * Kubernetes client). Closing it closes all of them.
 */
public final class MapperSession implements AutoCloseable {
  private final ManagedChannel channel;
  private final String description;
  private final Supplier<List<String>> transportProblems;
  private final AutoCloseable carrier;
  private final java.net.URI graphql;

  MapperSession(
      ManagedChannel channel,
      String description,
      Supplier<List<String>> transportProblems,
      AutoCloseable carrier) {
    this(channel, null, description, transportProblems, carrier);
  }

  /** A session to a mapper that speaks Otterize's GraphQL API at {@code graphql} (no gRPC). */
  MapperSession(
      java.net.URI graphql,
      String description,
      Supplier<List<String>> transportProblems,
      AutoCloseable carrier) {
    this(null, graphql, description, transportProblems, carrier);
  }

  private MapperSession(
      ManagedChannel channel,
      java.net.URI graphql,
      String description,
      Supplier<List<String>> transportProblems,
      AutoCloseable carrier) {
    this.channel = channel;
    this.graphql = graphql;
    this.description = description;
    this.transportProblems = transportProblems;
    this.carrier = carrier;
  }

  public ManagedChannel channel() {
    return channel;
  }

  /**
   * Otterize's {@code /query} URL when the mapper is Otterize's (or asked for by URL), else null.
   */
  public java.net.URI graphql() {
    return graphql;
  }

  /**
   * For messages: "the mapper at 127.0.0.1:9090" or "the mapper pod ns/name (port-forward ...)".
   */
  public String description() {
    return description;
  }

  /**
   * Problems the carrier (port-forward) saw, to explain an UNAVAILABLE. Empty for direct
   * connections.
   */
  public List<String> transportProblems() {
    return transportProblems.get();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.shutdownNow();
      try {
        channel.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (carrier != null) {
      try {
        carrier.close();
      } catch (Exception ignored) {
        // closing on the way out: nothing the user can act on
      }
    }
  }
}
