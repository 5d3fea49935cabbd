package io.netmapper.sniffer.deliver;

import com.google.protobuf.MessageLite;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.ReportServiceGrpc;
import io.netmapper.common.deliver.BatchSender;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Sends sniffer batches to the mapper's ReportService with a deadline per call. */
public final class GrpcReportSender implements BatchSender<MessageLite>, AutoCloseable {
  private final ManagedChannel channel;
  private final ReportServiceGrpc.ReportServiceBlockingStub stub;
  private final Duration timeout;

  /** @param target gRPC target, e.g. {@code netmapper-mapper.netmapper-system:9090} (plaintext) */
  public GrpcReportSender(String target, Duration timeout) {
    this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    this.stub = ReportServiceGrpc.newBlockingStub(channel);
    this.timeout = timeout;
  }

  @Override
  public void send(MessageLite batch) {
    ReportServiceGrpc.ReportServiceBlockingStub call = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (batch instanceof DnsAnswerReport dns) {
      call.reportDnsAnswers(dns);
    } else if (batch instanceof ConnectionReport connections) {
      call.reportConnections(connections);
    } else {
      throw new IllegalArgumentException("not a sniffer report: " + batch.getClass().getName());
    }
  }

  /** The mapper said the batch itself is wrong: retrying cannot help. */
  @Override
  public boolean isPermanent(Exception failure) {
    if (failure instanceof IllegalArgumentException) {
      return true;
    }
    if (failure instanceof StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      return code == Status.Code.INVALID_ARGUMENT;
    }
    return false;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
