package io.netmapper.istiowatcher.deliver;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.api.v1.ReportServiceGrpc;
import io.netmapper.common.deliver.BatchSender;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Sends HTTP access batches to the mapper's ReportService with a deadline per call. */
public final class GrpcHttpReportSender implements BatchSender<HttpAccessReport>, AutoCloseable {
  private final ManagedChannel channel;
  private final ReportServiceGrpc.ReportServiceBlockingStub stub;
  private final Duration timeout;

  /** @param target gRPC target, e.g. {@code netmapper-mapper.netmapper-system:9090} (plaintext) */
  public GrpcHttpReportSender(String target, Duration timeout) {
    this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    this.stub = ReportServiceGrpc.newBlockingStub(channel);
    this.timeout = timeout;
  }

  @Override
  public void send(HttpAccessReport batch) {
    stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).reportHttpAccesses(batch);
  }

  /**
   * INVALID_ARGUMENT: the mapper refused some entries by field and applied the others, so sending
   * the batch again cannot help. Everything else (unavailable, deadline) is retried.
   */
  @Override
  public boolean isPermanent(Exception failure) {
    return failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT;
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
