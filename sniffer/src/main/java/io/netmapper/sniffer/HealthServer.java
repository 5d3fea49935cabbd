package io.netmapper.sniffer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /healthz} and Prometheus {@code /metrics} on the JDK's HTTP server (one small thread). */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  /** Binds at once: a port in use is a startup error that names the port and the setting. */
  HealthServer(String address, int port, BooleanSupplier healthy, Supplier<String> health, Supplier<String> metrics)
      throws SnifferStartupException {
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (BindException e) {
      throw new SnifferStartupException("health/metrics port " + port + " on " + address
          + " is already in use (another process on the node?): choose a free one with --health-port"
          + " or NETMAPPER_HEALTH_PORT", e);
    } catch (IOException e) {
      throw new SnifferStartupException("cannot serve health/metrics on " + address + ":" + port + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sniffer-health");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/healthz", ex -> {
      boolean ok = healthy.getAsBoolean();
      respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", health.get());
    });
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
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
  }
}
