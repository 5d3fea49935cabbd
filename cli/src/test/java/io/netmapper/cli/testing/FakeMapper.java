package io.netmapper.cli.testing;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.ListIntentsResponse;
import io.netmapper.api.v1.MapperServiceGrpc;
import io.netmapper.api.v1.ResetIntentsRequest;
import io.netmapper.api.v1.ResetIntentsResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC MapperService on 127.0.0.1 (Netty, ephemeral port) serving a fixed set of intents,
 * recording every request; it can be told to fail with a status or to answer late.
 */
public final class FakeMapper implements AutoCloseable {
  private final Server server;
  private final com.linecorp.armeria.server.Server armeria;
  private final List<Intent> intents = new CopyOnWriteArrayList<>();
  private final List<ListIntentsRequest> listRequests = new CopyOnWriteArrayList<>();
  private volatile int resets;
  private volatile Status failWith;
  private volatile long delayMillis;

  public FakeMapper(List<Intent> initial) throws IOException {
    this(initial, false);
  }

  private FakeMapper(List<Intent> initial, boolean onArmeria) throws IOException {
    intents.addAll(initial);
    if (onArmeria) {
      server = null;
      armeria =
          com.linecorp.armeria.server.Server.builder()
              .http(new InetSocketAddress("127.0.0.1", 0))
              .service(
                  com.linecorp.armeria.server.grpc.GrpcService.builder()
                      .addService(new Service())
                      .enableUnframedRequests(true)
                      .build())
              .build();
      armeria.start().join();
    } else {
      armeria = null;
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(new Service())
              .build()
              .start();
    }
  }

  /**
   * The same service on Armeria, as the real mapper serves it (gRPC + JSON over HTTP on one port).
   */
  public static FakeMapper onArmeria(List<Intent> initial) throws IOException {
    return new FakeMapper(initial, true);
  }

  public String url() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return server != null ? server.getPort() : armeria.activeLocalPort();
  }

  public List<ListIntentsRequest> listRequests() {
    return new ArrayList<>(listRequests);
  }

  public int resets() {
    return resets;
  }

  public int intentCount() {
    return intents.size();
  }

  public void failWith(Status status) {
    this.failWith = status;
  }

  public void delay(long millis) {
    this.delayMillis = millis;
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      armeria.stop().join();
    }
  }

  private final class Service extends MapperServiceGrpc.MapperServiceImplBase {
    @Override
    public void listIntents(
        ListIntentsRequest request, StreamObserver<ListIntentsResponse> response) {
      listRequests.add(request);
      if (!pause() || failed(response)) {
        return;
      }
      response.onNext(ListIntentsResponse.newBuilder().addAllIntents(intents).build());
      response.onCompleted();
    }

    @Override
    public void resetIntents(
        ResetIntentsRequest request, StreamObserver<ResetIntentsResponse> response) {
      if (!pause() || failed(response)) {
        return;
      }
      long forgotten = intents.size();
      intents.clear();
      resets++;
      response.onNext(ResetIntentsResponse.newBuilder().setForgotten(forgotten).build());
      response.onCompleted();
    }

    private boolean pause() {
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }

    private boolean failed(StreamObserver<?> response) {
      Status s = failWith;
      if (s != null) {
        response.onError(s.asRuntimeException());
        return true;
      }
      return false;
    }
  }
}
