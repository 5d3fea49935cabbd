package io.netmapper.common.deliver;

import com.google.protobuf.MessageLite;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
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
  /**
   * Trailer of an over-capacity mapper's RESOURCE_EXHAUSTED: how long to wait (decimal
   * milliseconds) before sending the same batch again.
   */
  public static final Metadata.Key<String> RETRY_AFTER_MS =
      Metadata.Key.of("netmapper-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

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
    // after failed connects the channel waits out its own reconnect backoff (up to 2 minutes) and
    // fails calls at once meanwhile; the reporter's retry schedule is the one that counts, so each
    // attempt starts a fresh connect and the call waits for it (a CONNECTING channel queues calls)
    if (channel.getState(true) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
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
   * Final: INVALID_ARGUMENT (the mapper refused entries by field and applied the others, so sending
   * the batch again cannot help), RESOURCE_EXHAUSTED without a retry delay (the batch is larger
   * than the mapper's request limit) and a batch of an unknown kind. Everything else (unavailable,
   * deadline, RESOURCE_EXHAUSTED with {@link #RETRY_AFTER_MS}) is retried.
   */
  @Override
  public boolean isPermanent(Exception failure) {
    if (failure instanceof IllegalArgumentException) {
      return true;
    }
    Status.Code code = code(failure);
    return code == Status.Code.INVALID_ARGUMENT
        || (code == Status.Code.RESOURCE_EXHAUSTED && retryAfterMillis(failure) < 0);
  }

  @Override
  public String dropReason(Exception failure) {
    return code(failure) == Status.Code.RESOURCE_EXHAUSTED
        ? DeliveryListener.TOO_LARGE
        : DeliveryListener.REJECTED;
  }

  /** The mapper's {@link #RETRY_AFTER_MS} of a RESOURCE_EXHAUSTED, else -1. */
  @Override
  public long retryAfterMillis(Exception failure) {
    if (code(failure) != Status.Code.RESOURCE_EXHAUSTED) {
      return -1;
    }
    Metadata trailers = Status.trailersFromThrowable(failure);
    String value = trailers == null ? null : trailers.get(RETRY_AFTER_MS);
    if (value == null) {
      return -1;
    }
    try {
      long ms = Long.parseLong(value.trim());
      return ms >= 0 ? ms : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Status.Code code(Exception failure) {
    return failure instanceof StatusRuntimeException e ? e.getStatus().getCode() : null;
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
