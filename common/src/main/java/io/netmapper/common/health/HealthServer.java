package io.netmapper.common.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz} and Prometheus {@code /metrics} of a reporter (watchers, agents) on the JDK's
 * HTTP server, one small daemon thread. Binds at once: a port in use is a start-up error that names
 * the port and the setting to change, never a silent failure.
 */
public final class HealthServer implements AutoCloseable {
  /** The server cannot start; the message says what to change. */
  public static final class StartException extends Exception {
    public StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * @param component e.g. {@code kafka-watcher} (names the thread)
   * @param healthy whether {@code /healthz} answers 200 (else 503)
   * @param health body of {@code /healthz}
   * @param metrics body of {@code /metrics} (Prometheus text)
   */
  public HealthServer(
      String component,
      String address,
      int port,
      BooleanSupplier healthy,
      Supplier<String> health,
      Supplier<String> metrics)
      throws StartException {
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (BindException e) {
      throw new StartException(
          component
              + ": health/metrics port "
              + port
              + " on "
              + address
              + " is already in use (another process?): choose a free one with --health-port or NETMAPPER_HEALTH_PORT",
          e);
    } catch (IOException e) {
      throw new StartException(
          component
              + ": cannot serve health/metrics on "
              + address
              + ":"
              + port
              + ": "
              + e.getMessage(),
          e);
    }
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, component + "-health");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/healthz",
        ex ->
            respond(
                ex, healthy.getAsBoolean() ? 200 : 503, "text/plain; charset=utf-8", health.get()));
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.start();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
