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
import io.netmapper.mapper.store.IntentStore;
import java.time.Clock;
import java.util.List;
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

  /** The over-capacity answer's retry delay, decimal milliseconds (agreed with the reporters). */
  public static final String RETRY_AFTER_TRAILER = "netmapper-retry-after-ms";

  private static final io.grpc.Metadata.Key<String> RETRY_AFTER =
      io.grpc.Metadata.Key.of(RETRY_AFTER_TRAILER, io.grpc.Metadata.ASCII_STRING_MARSHALLER);

  private final ReportValidator validator;
  private final BatchLedger ledger;
  private final ResolutionPipeline pipeline;
  private final MapperMetrics metrics;
  private final IntentStore store;
  private final Durability durability;
  private final Capacity capacity;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  /** An in-memory map: a batch is acknowledged as soon as it is applied. */
  public ReportService(
      ResolutionPipeline pipeline, MapperMetrics metrics, Clock clock, IngestLimits limits) {
    this(pipeline, metrics, clock, limits, null, Durability.NONE);
  }

  /**
   * @param store the map the pipeline writes to; its gate keeps a batch's changes and its ledger
   *     claim together for the durable map's commits (null: no gate)
   * @param durability when an applied batch may be acknowledged
   */
  public ReportService(
      ResolutionPipeline pipeline,
      MapperMetrics metrics,
      Clock clock,
      IngestLimits limits,
      IntentStore store,
      Durability durability) {
    this(pipeline, metrics, clock, limits, store, durability, Capacity.UNLIMITED);
  }

  /**
   * @param capacity over it, batches are answered RESOURCE_EXHAUSTED with a retry delay
   */
  public ReportService(
      ResolutionPipeline pipeline,
      MapperMetrics metrics,
      Clock clock,
      IngestLimits limits,
      IntentStore store,
      Durability durability,
      Capacity capacity) {
    this.capacity = capacity;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.store = store;
    this.durability = durability;
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
    if (inFlight.incrementAndGet() > capacity.maxInFlightBatches()) {
      inFlight.decrementAndGet();
      metrics.batchRejected(rpc, "over_capacity");
      io.grpc.Metadata trailers = new io.grpc.Metadata();
      trailers.put(RETRY_AFTER, Long.toString(capacity.retryAfterMillis()));
      response.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "mapper over capacity ("
                      + capacity.maxInFlightBatches()
                      + " batches in flight); retry after "
                      + capacity.retryAfterMillis()
                      + " ms")
              .asRuntimeException(trailers));
      return;
    }
    try {
      accept(rpc, kind, header, entries, reporter, check, response);
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }

  private void accept(
      String rpc,
      String kind,
      BatchHeader header,
      int entries,
      String reporter,
      Supplier<ReportValidator.Checked> check,
      StreamObserver<ReportAck> response) {
    if (!durability.accepting()) {
      inFlight.decrementAndGet();
      metrics.batchRejected(rpc, "storage_unavailable");
      response.onError(
          Status.UNAVAILABLE
              .withDescription("map storage unavailable, retry: " + durability.problem())
              .asRuntimeException());
      return;
    }
    ReportValidator.Checked checked =
        gated(
            () ->
                ledger.claim(reporter, header.getSequence())
                    ? applied(kind, entries, check)
                    : null);
    // acknowledged (a duplicate too: its first copy may not be durable yet) once durable
    durability
        .durable()
        .whenComplete(
            (ok, failure) -> {
              inFlight.decrementAndGet();
              if (failure != null) {
                metrics.batchRejected(rpc, "storage_unavailable");
                response.onError(
                    Status.UNAVAILABLE
                        .withDescription("map storage unavailable, retry: " + failure.getMessage())
                        .asRuntimeException());
              } else if (checked == null) {
                metrics.duplicateBatch(header.getReporter().getComponent());
                response.onNext(
                    ReportAck.newBuilder()
                        .setSequence(header.getSequence())
                        .setDuplicate(true)
                        .build());
                response.onCompleted();
              } else {
                answer(rpc, kind, header, entries, reporter, checked, response);
              }
            });
  }

  private <T> T gated(Supplier<T> work) {
    return store == null ? work.get() : store.batch(work);
  }

  private ReportValidator.Checked applied(
      String kind, int entries, Supplier<ReportValidator.Checked> check) {
    ReportValidator.Checked checked = check.get();
    metrics.received(kind, entries);
    for (Observation o : checked.accepted()) {
      pipeline.submit(o);
    }
    return checked;
  }

  private void answer(
      String rpc,
      String kind,
      BatchHeader header,
      int entries,
      String reporter,
      ReportValidator.Checked checked,
      StreamObserver<ReportAck> response) {
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

  /** Batches received and not yet answered. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The batch ledger's windows changed since the previous call (the durable map's commits). */
  public List<LedgerWindow> drainLedgerChanges() {
    return ledger.drainChanged();
  }

  /** Puts back the batch ledger read from durable storage, before serving. */
  public void restoreLedger(List<LedgerWindow> windows) {
    ledger.restore(windows);
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
