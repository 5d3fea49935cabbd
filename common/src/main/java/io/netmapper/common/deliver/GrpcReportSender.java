package io.netmapper.common.deliver;

import com.google.protobuf.MessageLite;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.api.v1.ReportServiceGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends report batches of every kind to the mapper's ReportService, one call per batch with its own
 * deadline. Shared by every reporter (sniffer, watchers).
 */
public final class GrpcReportSender implements BatchSender<MessageLite>, AutoCloseable {
  private final ManagedChannel channel;
  private final ReportServiceGrpc.ReportServiceBlockingStub stub;
  private final Duration timeout;

  /**
   * @param target gRPC target, e.g. {@code netmapper-mapper.netmapper-system:9090} (plaintext)
   */
  public GrpcReportSender(String target, Duration timeout) {
    this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    this.stub = ReportServiceGrpc.newBlockingStub(channel);
    this.timeout = timeout;
  }

  @Override
  public void send(MessageLite batch) {
    ReportServiceGrpc.ReportServiceBlockingStub call =
        stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (batch instanceof ConnectionReport r) {
      call.reportConnections(r);
    } else if (batch instanceof DnsAnswerReport r) {
      call.reportDnsAnswers(r);
    } else if (batch instanceof KafkaAccessReport r) {
      call.reportKafkaAccesses(r);
    } else if (batch instanceof HttpAccessReport r) {
      call.reportHttpAccesses(r);
    } else if (batch instanceof AwsOperationReport r) {
      call.reportAwsOperations(r);
    } else {
      throw new IllegalArgumentException("not a report: " + batch.getClass().getName());
    }
  }

  /**
   * INVALID_ARGUMENT: the mapper refused entries by field and applied the others, so sending the
   * batch again cannot help; neither can a batch of an unknown kind. Everything else (unavailable,
   * deadline) is retried.
   */
  @Override
  public boolean isPermanent(Exception failure) {
    if (failure instanceof IllegalArgumentException) {
      return true;
    }
    return failure instanceof StatusRuntimeException e
        && e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT;
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
