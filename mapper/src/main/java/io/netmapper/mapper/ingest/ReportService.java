package io.netmapper.mapper.ingest;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.api.v1.KafkaAccessReport;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.api.v1.ReportServiceGrpc;
import io.netmapper.mapper.metrics.MapperMetrics;
import io.netmapper.mapper.resolve.Observation;
import io.netmapper.mapper.resolve.ResolutionPipeline;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporters' entry point (gRPC, and JSON over HTTP through the same server). Checks each batch,
 * applies a retried batch once, and hands valid entries to resolution. Invalid entries are answered
 * with INVALID_ARGUMENT naming the field; the batch's valid entries are still applied, so one bad
 * entry never costs the others.
 */
public final class ReportService extends ReportServiceGrpc.ReportServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);
  private static final int MAX_ERRORS_SHOWN = 5;

  private final ReportValidator validator;
  private final BatchLedger ledger;
  private final ResolutionPipeline pipeline;
  private final MapperMetrics metrics;

  public ReportService(
      ResolutionPipeline pipeline, MapperMetrics metrics, Clock clock, IngestLimits limits) {
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.validator =
        new ReportValidator(
            clock, limits.maxAgeMillis(), limits.maxFutureMillis(), limits.maxBatchEntries());
    this.ledger =
        new BatchLedger(limits.maxOutOfOrderBatches(), limits.reporterIdleMillis(), clock);
  }

  @Override
  public void reportDnsAnswers(DnsAnswerReport request, StreamObserver<ReportAck> response) {
    handle(
        "ReportDnsAnswers",
        "dns",
        request.hasHeader(),
        request.getHeader(),
        request.getAnswersCount(),
        "answers",
        () ->
            validator.dnsAnswers(
                request.getAnswersList(), request.getHeader().getReporter().getNodeName()),
        response);
  }

  @Override
  public void reportConnections(ConnectionReport request, StreamObserver<ReportAck> response) {
    handle(
        "ReportConnections",
        "connection",
        request.hasHeader(),
        request.getHeader(),
        request.getConnectionsCount() + request.getListenersCount(),
        "connections",
        () ->
            validator.connections(
                request.getConnectionsList(),
                request.getListenersList(),
                request.getHeader().getReporter().getNodeName()),
        response);
  }

  @Override
  public void reportKafkaAccesses(KafkaAccessReport request, StreamObserver<ReportAck> response) {
    handle(
        "ReportKafkaAccesses",
        "kafka",
        request.hasHeader(),
        request.getHeader(),
        request.getAccessesCount(),
        "accesses",
        () -> validator.kafkaAccesses(request.getAccessesList()),
        response);
  }

  @Override
  public void reportHttpAccesses(HttpAccessReport request, StreamObserver<ReportAck> response) {
    handle(
        "ReportHttpAccesses",
        "http",
        request.hasHeader(),
        request.getHeader(),
        request.getAccessesCount(),
        "accesses",
        () -> validator.httpAccesses(request.getAccessesList()),
        response);
  }

  @Override
  public void reportAwsOperations(AwsOperationReport request, StreamObserver<ReportAck> response) {
    handle(
        "ReportAwsOperations",
        "aws",
        request.hasHeader(),
        request.getHeader(),
        request.getOperationsCount(),
        "operations",
        () -> validator.awsOperations(request.getOperationsList()),
        response);
  }

  private void handle(
      String rpc,
      String kind,
      boolean hasHeader,
      BatchHeader header,
      int entries,
      String field,
      Supplier<ReportValidator.Checked> check,
      StreamObserver<ReportAck> response) {
    ReportValidator.BatchProblem problem = validator.checkBatch(hasHeader, header, entries, field);
    if (problem != null) {
      metrics.batchRejected(rpc, problem.reason());
      metrics.rejected(kind, "batch_rejected", entries);
      LOG.info(
          "batch rejected rpc={} reporter={} reason={}",
          rpc,
          reporterOf(header),
          problem.message());
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(problem.message()).asRuntimeException());
      return;
    }
    String reporter = reporterOf(header);
    if (!ledger.claim(reporter, header.getSequence())) {
      metrics.duplicateBatch(header.getReporter().getComponent());
      response.onNext(
          ReportAck.newBuilder().setSequence(header.getSequence()).setDuplicate(true).build());
      response.onCompleted();
      return;
    }
    ReportValidator.Checked checked = check.get();
    metrics.received(kind, entries);
    for (Observation o : checked.accepted()) {
      pipeline.submit(o);
    }
    metrics.batchApplied(rpc);
    // valid entries the map has no place for (e.g. a Kafka operation without a ClientIntents name)
    checked.skipped().forEach(reason -> metrics.rejected(kind, reason, 1));
    if (checked.errors().isEmpty()) {
      response.onNext(
          ReportAck.newBuilder()
              .setSequence(header.getSequence())
              .setAccepted(checked.accepted().size())
              .build());
      response.onCompleted();
      return;
    }
    checked.reasons().forEach(reason -> metrics.rejected(kind, reason, 1));
    String shown =
        String.join(
            "; ", checked.errors().subList(0, Math.min(MAX_ERRORS_SHOWN, checked.errors().size())));
    String description =
        checked.errors().size()
            + " of "
            + entries
            + " entries rejected (the other "
            + checked.accepted().size()
            + " were applied): "
            + shown;
    LOG.info(
        "entries rejected rpc={} reporter={} sequence={} rejected={} first={}",
        rpc,
        reporter,
        header.getSequence(),
        checked.errors().size(),
        checked.errors().get(0));
    response.onError(Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException());
  }

  private static String reporterOf(BatchHeader header) {
    var r = header.getReporter();
    return r.getComponent() + "/" + r.getNodeName() + "/" + r.getInstanceId();
  }

  /** Forgets idle reporter instances; the mapper calls this periodically. */
  public void purge() {
    ledger.purge();
  }
}
