package io.netmapper.sniffer.testing;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.api.v1.ReportServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real gRPC ReportService on loopback that records what reporters send and acknowledges each
 * (reporter instance, sequence) once, like the mapper. It can be stopped and started again on the
 * same port.
 */
public final class RecordingMapper implements AutoCloseable {
  public final List<DnsAnswerReport> dns = new CopyOnWriteArrayList<>();
  public final List<ConnectionReport> connections = new CopyOnWriteArrayList<>();
  public final List<Long> sequences = new CopyOnWriteArrayList<>();
  private final Set<String> applied = new HashSet<>();
  private final int port;
  private Server server;

  public RecordingMapper() {
    this.port = freePort();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  public synchronized RecordingMapper start() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
              .addService(new Service())
              .build()
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve on port " + port + ": " + e.getMessage(), e);
    }
    return this;
  }

  public synchronized void stop() {
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

  private boolean firstTime(BatchHeader h) {
    synchronized (applied) {
      return applied.add(h.getReporter().getInstanceId() + "/" + h.getSequence());
    }
  }

  private final class Service extends ReportServiceGrpc.ReportServiceImplBase {
    @Override
    public void reportDnsAnswers(DnsAnswerReport request, StreamObserver<ReportAck> done) {
      if (request.getHeader().getSequence() == 0) {
        done.onError(Status.INVALID_ARGUMENT.withDescription("sequence 0").asRuntimeException());
        return;
      }
      boolean first = firstTime(request.getHeader());
      if (first) {
        dns.add(request);
        sequences.add(request.getHeader().getSequence());
      }
      done.onNext(
          ReportAck.newBuilder()
              .setSequence(request.getHeader().getSequence())
              .setDuplicate(!first)
              .setAccepted(first ? request.getAnswersCount() : 0)
              .build());
      done.onCompleted();
    }

    @Override
    public void reportConnections(ConnectionReport request, StreamObserver<ReportAck> done) {
      if (request.getHeader().getSequence() == 0) {
        done.onError(Status.INVALID_ARGUMENT.withDescription("sequence 0").asRuntimeException());
        return;
      }
      boolean first = firstTime(request.getHeader());
      if (first) {
        connections.add(request);
        sequences.add(request.getHeader().getSequence());
      }
      done.onNext(
          ReportAck.newBuilder()
              .setSequence(request.getHeader().getSequence())
              .setDuplicate(!first)
              .setAccepted(first ? request.getConnectionsCount() + request.getListenersCount() : 0)
              .build());
      done.onCompleted();
    }
  }
}
