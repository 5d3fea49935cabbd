package io.netmapper.aws.webhook;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.netmapper.aws.ca.CaBundle;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating admission webhook: HTTPS (Armeria) on {@link WebhookConfig#port()}, POST {@value
 * #PATH}, AdmissionReview {@code admission.k8s.io/v1} in and out. Reviews are handled on the given
 * executor because making sure the bundle ConfigMap exists calls the API server.
 */
public final class AdmissionWebhook implements AutoCloseable {

  public static final String PATH = "/mutate";
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhook.class);
  // a pod spec is well under etcd's 1.5 MiB object limit; the review carries it once or twice
  private static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

  private final WebhookConfig config;
  private final ServingTls tls;
  private final AdmissionHandler handler;
  private final Executor executor;
  private Server server;

  /**
   * @param bundle the current CA bundle (read per review, so a rotated CA reaches new pods)
   * @param executor runs reviews (they call the API server); a few threads
   */
  public AdmissionWebhook(
      WebhookConfig config,
      ServingTls tls,
      Supplier<CaBundle> bundle,
      KubernetesClient client,
      MeterRegistry registry,
      Clock clock,
      Executor executor) {
    this.config = Objects.requireNonNull(config, "config");
    this.tls = Objects.requireNonNull(tls, "tls");
    this.executor = Objects.requireNonNull(executor, "executor");
    WebhookMetrics metrics = new WebhookMetrics(Objects.requireNonNull(registry, "registry"));
    KubernetesSerialization serialization = new KubernetesSerialization();
    this.handler =
        new AdmissionHandler(
            serialization,
            new PodMutator(config),
            new BundlePublisher(
                client, config.bundleConfigMapName(), bundle, clock, config.bundleRecheck()),
            bundle,
            metrics);
  }

  /**
   * Starts serving; blocks until bound.
   *
   * @throws IllegalStateException when the port cannot be bound or the certificate is unusable
   */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("webhook already started");
    }
    ServerBuilder sb =
        Server.builder()
            .https(config.port())
            .maxRequestLength(MAX_BODY_BYTES)
            // the API server gives up on a webhook after at most 30 s (default 10 s)
            .requestTimeout(Duration.ofSeconds(30))
            // reviews in flight finish; no quiet period: a new replica or failurePolicy Ignore
            // takes over
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(5));
    try {
      tls.applyTo(sb);
    } catch (RuntimeException e) {
      throw new IllegalStateException("webhook serving certificate unusable: " + e.getMessage(), e);
    }
    sb.route()
        .post(PATH)
        .build(
            (ctx, req) ->
                HttpResponse.of(
                    req.aggregate()
                        .thenApplyAsync(
                            agg -> {
                              AdmissionHandler.Reply reply = handler.handle(agg.contentUtf8());
                              return reply.status() == 200
                                  ? HttpResponse.of(
                                      HttpStatus.OK, MediaType.JSON_UTF_8, reply.body())
                                  : HttpResponse.of(
                                      HttpStatus.BAD_REQUEST,
                                      MediaType.PLAIN_TEXT_UTF_8,
                                      reply.body());
                            },
                            executor)
                        .exceptionally(
                            e -> {
                              // a bug, not bad input: answer 500 and let failurePolicy Ignore admit
                              // the pod
                              LOG.error("admission review failed unexpectedly", e);
                              return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
                            })));
    Server s = sb.build();
    try {
      s.start().join();
    } catch (RuntimeException e) {
      s.stop();
      throw new IllegalStateException(
          "webhook cannot listen on port "
              + config.port()
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
    }
    server = s;
    LOG.info(
        "AWS visibility webhook listening on https port {}{}, DNS {}, ConfigMap {}",
        port(),
        PATH,
        config.dnsServiceIp(),
        config.bundleConfigMapName());
  }

  /** The bound port (the real one when the config asked for 0). */
  public int port() {
    return server.activeLocalPort();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      CompletableFuture<Void> stopped = server.stop();
      stopped.join();
      server = null;
      LOG.info("AWS visibility webhook stopped");
    }
  }
}
