package io.netmapper.mapper.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.BindableService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One port for everything: gRPC, the same services as JSON over HTTP ({@code POST
 * /netmapper.v1.MapperService/ListIntents} with {@code content-type: application/json}), {@code
 * /metrics} (Prometheus text), {@code /healthz} and {@code /readyz}.
 */
public final class MapperServer implements AutoCloseable {
  private static final MediaType PROMETHEUS_TEXT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  private final Server server;

  public MapperServer(
      InetSocketAddress address,
      int maxRequestBytes,
      PrometheusMeterRegistry registry,
      Supplier<String> notReadyReason,
      BindableService... services) {
    this(address, maxRequestBytes, registry, notReadyReason, Map.of(), services);
  }

  /**
   * @param httpServices further plain HTTP services by exact path (e.g. {@code /query}, the
   *     Otterize-compatible GraphQL endpoint)
   */
  public MapperServer(
      InetSocketAddress address,
      int maxRequestBytes,
      PrometheusMeterRegistry registry,
      Supplier<String> notReadyReason,
      Map<String, HttpService> httpServices,
      BindableService... services) {
    com.linecorp.armeria.server.grpc.GrpcServiceBuilder grpc =
        GrpcService.builder()
            .enableUnframedRequests(true)
            // resolution may call the API server once per new owner chain: keep it off the event
            // loop
            .useBlockingTaskExecutor(true)
            .maxRequestMessageLength(maxRequestBytes);
    for (BindableService s : services) {
      grpc.addService(s);
    }
    com.linecorp.armeria.server.ServerBuilder builder = Server.builder();
    httpServices.forEach(builder::service);
    this.server =
        builder
            .http(address)
            .maxRequestLength(maxRequestBytes)
            .service(grpc.build())
            .service(
                "/metrics",
                (ctx, req) -> HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape()))
            .service("/healthz", (ctx, req) -> HttpResponse.of("ok"))
            .service(
                "/readyz",
                (ctx, req) -> {
                  String why = notReadyReason.get();
                  return why == null
                      ? HttpResponse.of("ready")
                      : HttpResponse.of(
                          HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, why);
                })
            .build();
  }

  /** Binds the port; a port in use is a clear error naming it. */
  public void start() {
    try {
      server.start().join();
    } catch (CompletionException e) {
      throw new IllegalStateException(
          "cannot listen on "
              + server.config().ports()
              + ": "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()),
          e);
    }
  }

  public int port() {
    return server.activeLocalPort();
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
