package io.netmapper.mapper;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.api.v1.ReportAck;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.telemetry.Telemetry;
import io.netmapper.istiowatcher.IstioWatcher;
import io.netmapper.mapper.graphql.GraphQlHttpService;
import io.netmapper.mapper.graphql.OtterizeGraphQl;
import io.netmapper.mapper.ingest.Durability;
import io.netmapper.mapper.ingest.IngestLimits;
import io.netmapper.mapper.ingest.ReportService;
import io.netmapper.mapper.kube.KubeCache;
import io.netmapper.mapper.kube.OwnerResolver;
import io.netmapper.mapper.metrics.MapperMetrics;
import io.netmapper.mapper.persist.DurableMap;
import io.netmapper.mapper.persist.StoreSettings;
import io.netmapper.mapper.query.MapperService;
import io.netmapper.mapper.resolve.ResolutionPipeline;
import io.netmapper.mapper.resolve.Resolver;
import io.netmapper.mapper.resolve.ResolverSettings;
import io.netmapper.mapper.server.MapperServer;
import io.netmapper.mapper.store.IntentStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The mapper's lifecycle: builds every part with plain constructors, starts and stops them. */
public final class Mapper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mapper.class);

  private final MapperConfig config;
  private final KubernetesClient client;
  private final Clock clock;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MapperMetrics metrics = new MapperMetrics(registry);
  private final KubeCache cache;
  private final Resolver resolver;
  private final IntentStore store;
  private final ResolutionPipeline pipeline;
  private final ReportService reports;
  private final DurableMap durable; // null: the in-memory store
  private final MapperServer server;
  private final Telemetry telemetry;
  private final IstioWatcher istio;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mapper-housekeeping");
            t.setDaemon(true);
            return t;
          });

  public Mapper(MapperConfig config, KubernetesClient client, Clock clock) {
    this.config = config;
    this.client = client;
    this.clock = clock;
    this.telemetry = Telemetry.start("mapper", config.telemetry());
    OwnerResolver owners =
        new OwnerResolver(client, clock, config.ownerCacheTtl(), config.ownerFailureTtl());
    this.cache = new KubeCache(client, clock, config.ipGracePeriod(), owners);
    this.resolver =
        new Resolver(
            cache,
            new ResolverSettings(
                config.clusterDomain(),
                config.clusterCidrs(),
                config.clockSkew().toMillis(),
                config.dnsMemory().toMillis(),
                1_000_000,
                config.ipGracePeriod().toMillis() * 2));
    this.store =
        new IntentStore(
            type -> {
              metrics.edgeCreated(type.name());
              telemetry.count("intents_discovered_" + type.name().toLowerCase(Locale.ROOT));
            });
    this.pipeline =
        new ResolutionPipeline(
            resolver,
            store,
            metrics,
            clock,
            config.pendingTimeout().toMillis(),
            config.maxPending(),
            config.excludeNamespaces());
    long reporterIdleMillis = 3_600_000;
    this.durable =
        config.store().kind() == StoreSettings.Kind.MEMORY
            ? null
            : new DurableMap(
                config.store(),
                store,
                this::ledgerChanges,
                this::restoreLedger,
                metrics,
                clock,
                reporterIdleMillis,
                config.storeRetryInterval().toMillis());
    this.reports =
        new ReportService(
            pipeline,
            metrics,
            clock,
            new IngestLimits(
                config.maxBatchEntries(),
                config.maxObservationAge().toMillis(),
                config.maxFutureSkew().toMillis(),
                65_536,
                reporterIdleMillis),
            store,
            durable == null ? Durability.NONE : durable,
            new io.netmapper.mapper.ingest.Capacity(
                config.maxInflightBatches(), config.overloadRetryAfter().toMillis()));
    MapperService queries =
        new MapperService(
            store, pipeline::clearPending, new io.netmapper.mapper.query.CachePolicyFacts(cache));
    this.server =
        new MapperServer(
            new InetSocketAddress(config.bindAddress(), config.port()),
            config.maxRequestBytes(),
            registry,
            this::notReadyReason,
            config.graphqlEnabled()
                ? Map.of(
                    "/query",
                    new GraphQlHttpService(
                        new OtterizeGraphQl(
                            queries, reports, this::ready, clock, OtterizeGraphQl.Limits.DEFAULT),
                        registry))
                : Map.of(),
            reports,
            queries);
    // the Istio watcher reports through this mapper's own ReportService, in process: same
    // validation,
    // duplicate detection and metrics as a remote reporter, no network hop
    this.istio =
        config
            .istio()
            .map(
                c ->
                    new IstioWatcher(c, registry, new InProcessHttpReports(reports), client, clock))
            .orElse(null);
    registerGauges();
  }

  private java.util.List<io.netmapper.mapper.ingest.LedgerWindow> ledgerChanges() {
    return reports.drainLedgerChanges();
  }

  private void restoreLedger(java.util.List<io.netmapper.mapper.ingest.LedgerWindow> windows) {
    reports.restoreLedger(windows);
  }

  private void registerGauges() {
    metrics.gauge(
        "netmapper_mapper_batches_in_flight",
        "Report batches received and not yet answered",
        reports::inFlight);
    metrics.gauge("netmapper_mapper_edges_live", "Edges in the map", store::size);
    metrics.gauge(
        "netmapper_mapper_observations_pending",
        "Observations waiting for the cache",
        pipeline::pendingCount);
    metrics.gauge(
        "netmapper_mapper_cache_pods",
        "Pods in the cache (incl. recently deleted)",
        () -> cache.pods().size());
    metrics.gauge(
        "netmapper_mapper_cache_pod_ips", "Pod IPs with a timeline", () -> cache.pods().ipCount());
    metrics.gauge(
        "netmapper_mapper_cache_services", "Services in the cache", () -> cache.services().size());
    metrics.gauge("netmapper_mapper_cache_nodes", "Nodes in the cache", () -> cache.nodes().size());
    metrics.gauge(
        "netmapper_mapper_dns_names_remembered",
        "External names remembered per client",
        resolver::dnsMemorySize);
    metrics.gauge(
        "netmapper_mapper_host_listeners",
        "hostNetwork listeners reported by nodes",
        resolver::hostListenerCount);
    metrics.gauge(
        "netmapper_mapper_informers_synced",
        "1 once every informer has synced",
        () -> cache.synced() ? 1 : 0);
  }

  /**
   * Checks the API is reachable (a clear error if not), starts the informers, the server and
   * housekeeping. Returns once the port is bound; readiness follows the informers.
   */
  public void start() {
    LOG.info("mapper starting {}", config.summary());
    try {
      client.namespaces().list(new ListOptionsBuilder().withLimit(1L).build());
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot reach the Kubernetes API at "
              + client.getMasterUrl()
              + " ("
              + (e.getCode() > 0 ? "HTTP " + e.getCode() : rootMessage(e))
              + "); check --kubeconfig/--context,"
              + " KUBECONFIG, or the pod's service account",
          e);
    }
    if (durable != null) {
      durable.start();
    }
    cache.start();
    server.start();
    long retry = config.retryInterval().toMillis();
    housekeeping.scheduleWithFixedDelay(this::safeRetry, retry, retry, TimeUnit.MILLISECONDS);
    housekeeping.scheduleWithFixedDelay(this::safePurge, 30, 30, TimeUnit.SECONDS);
    if (istio != null) {
      istio.start();
    }
    housekeeping.schedule(
        () -> {
          if (!cache.synced()) {
            LOG.warn(
                "informers not synced after {}; /readyz stays unavailable until they are",
                config.informerSyncTimeout());
          }
        },
        config.informerSyncTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info("mapper listening port={}", server.port());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private void safeRetry() {
    try {
      pipeline.retryPending();
    } catch (RuntimeException e) {
      LOG.warn("retry of pending observations failed: {}", e.toString());
    }
  }

  private void safePurge() {
    try {
      cache.purge();
      resolver.purge(clock.millis());
      reports.purge();
    } catch (RuntimeException e) {
      LOG.warn("purge failed: {}", e.toString());
    }
  }

  public boolean ready() {
    return notReadyReason() == null;
  }

  /** Null when ready; else what /readyz answers. */
  private String notReadyReason() {
    if (durable != null && !durable.ready()) {
      return durable.problem();
    }
    return cache.synced() ? null : "informers not synced yet";
  }

  public int port() {
    return server.port();
  }

  KubeCache cache() {
    return cache;
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  ResolutionPipeline pipeline() {
    return pipeline;
  }

  /**
   * Hands HTTP access batches straight to the ReportService and waits for its answer, as a gRPC
   * call would. INVALID_ARGUMENT (some entries refused by field, the others applied) is final.
   */
  private static final class InProcessHttpReports implements BatchSender<HttpAccessReport> {
    private final ReportService reports;

    InProcessHttpReports(ReportService reports) {
      this.reports = reports;
    }

    @Override
    public void send(HttpAccessReport batch) throws Exception {
      java.util.concurrent.CompletableFuture<ReportAck> done =
          new java.util.concurrent.CompletableFuture<>();
      reports.reportHttpAccesses(
          batch,
          new StreamObserver<>() {
            @Override
            public void onNext(ReportAck ack) {
              done.complete(ack);
            }

            @Override
            public void onError(Throwable t) {
              done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              done.complete(ReportAck.getDefaultInstance());
            }
          });
      try {
        done.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    }

    @Override
    public boolean isPermanent(Exception failure) {
      return failure instanceof StatusRuntimeException e
          && e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT;
    }
  }

  @Override
  public void close() {
    if (istio != null) {
      istio.close();
    }
    housekeeping.shutdownNow();
    server.close();
    if (durable != null) {
      durable.close();
    }
    cache.close();
    telemetry.close();
  }
}
