package io.netmapper.common.deliver;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.api.v1.ReportServiceGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real gRPC ReportService on loopback for delivery tests: a request size limit like the mapper's,
 * a programmable answer per batch (accept, or a gRPC status with trailers), and stop/start on the
 * same port.
 */
final class TestMapper implements AutoCloseable {
  /** What to answer: null accepts, otherwise the status (with trailers) to fail with. */
  interface Answer extends Function<ConnectionReport, io.grpc.StatusRuntimeException> {}

  final List<Long> accepted = new CopyOnWriteArrayList<>();
  final List<Long> refused = new CopyOnWriteArrayList<>();
  private final int port = freePort();
  private final int maxRequestBytes;
  private volatile Answer answer = r -> null;
  private Server server;

  TestMapper(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RESOURCE_EXHAUSTED with the over-capacity trailer, as the mapper sends it. */
  static io.grpc.StatusRuntimeException overCapacity(long retryAfterMs) {
    Metadata trailers = new Metadata();
    trailers.put(GrpcReportSender.RETRY_AFTER_MS, Long.toString(retryAfterMs));
    return Status.RESOURCE_EXHAUSTED.withDescription("over capacity").asRuntimeException(trailers);
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  TestMapper answer(Answer a) {
    this.answer = a;
    return this;
  }

  synchronized TestMapper start() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
              .maxInboundMessageSize(maxRequestBytes)
              .addService(new Service())
              .build()
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve on port " + port + ": " + e.getMessage(), e);
    }
    return this;
  }

  synchronized void stop() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private final class Service extends ReportServiceGrpc.ReportServiceImplBase {
    @Override
    public void reportConnections(ConnectionReport request, StreamObserver<ReportAck> done) {
      io.grpc.StatusRuntimeException failure = answer.apply(request);
      if (failure != null) {
        refused.add(request.getHeader().getSequence());
        done.onError(failure);
        return;
      }
      accepted.add(request.getHeader().getSequence());
      done.onNext(ReportAck.newBuilder().setSequence(request.getHeader().getSequence()).build());
      done.onCompleted();
    }
  }
}
