package io.netmapper.istiowatcher.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback standing in for one Envoy sidecar's stats port. Tests change what
 * it serves between scrapes: a stats page, an HTTP status, a delay, another content.
 */
public final class FakeSidecar implements AutoCloseable {
  private final HttpServer server;
  private final String path;
  private volatile String body = EnvoyStats.page().build();
  private volatile int status = 200;
  private volatile long delayMillis;
  private final AtomicInteger requests = new AtomicInteger();

  public FakeSidecar(String path) throws IOException {
    this.path = path;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-sidecar");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          try {
            if (delayMillis > 0) {
              Thread.sleep(delayMillis);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes =
              ex.getRequestURI().getPath().equals(this.path)
                  ? body.getBytes(StandardCharsets.UTF_8)
                  : "not found".getBytes(StandardCharsets.UTF_8);
          int code = ex.getRequestURI().getPath().equals(this.path) ? status : 404;
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          try {
            ex.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(bytes);
            }
          } catch (IOException e) {
            // the scraper gave up (too large, timeout): nothing to do
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  public FakeSidecar() throws IOException {
    this("/stats/prometheus");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public FakeSidecar serve(String body) {
    this.body = body;
    this.status = 200;
    return this;
  }

  public FakeSidecar serve(EnvoyStats page) {
    return serve(page.build());
  }

  public FakeSidecar status(int code) {
    this.status = code;
    return this;
  }

  public FakeSidecar delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
