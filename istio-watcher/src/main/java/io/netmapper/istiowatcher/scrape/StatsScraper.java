package io.netmapper.istiowatcher.scrape;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one sidecar's stats page over plain HTTP with a deadline for the whole exchange and a cap
 * on the body: a body larger than the cap is abandoned as soon as the cap is passed. Expected
 * failures are values with a reason label, never exceptions.
 */
public final class StatsScraper implements AutoCloseable {
  /** Failure reason labels. */
  public static final String CONNECT = "connect";

  public static final String TIMEOUT = "timeout";
  public static final String HTTP_STATUS = "http_status";
  public static final String TOO_LARGE = "too_large";
  public static final String IO = "io";
  public static final String NOT_PROMETHEUS = "not_prometheus";

  /** The scraping thread was interrupted (the watcher is stopping): not the sidecar's fault. */
  public static final String INTERRUPTED = "interrupted";

  /** What a scrape returned. */
  public sealed interface Result {}

  /** The body, {@code length} bytes of {@code bytes}. */
  public record Body(byte[] bytes, int length) implements Result {}

  /** Why there is no body; {@code detail} is for the log line. */
  public record Failure(String reason, String detail) implements Result {}

  private static final class TooLarge extends IOException {
    TooLarge(long cap) {
      super("response larger than " + cap + " bytes");
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final int maxBytes;

  public StatsScraper(Duration timeout, int maxBytes) {
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Blocks for at most the timeout (plus a little for cancellation). */
  public Result scrape(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "text/plain").GET().build();
    CompletableFuture<HttpResponse<Body>> future =
        client.sendAsync(
            request,
            info ->
                info.statusCode() == 200
                    ? new Capped(maxBytes)
                    : HttpResponse.BodySubscribers.replacing(null));
    try {
      HttpResponse<Body> response = future.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
      if (response.statusCode() != 200) {
        return new Failure(HTTP_STATUS, "HTTP " + response.statusCode());
      }
      return response.body();
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Failure(TIMEOUT, "no complete answer within " + timeout);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new Failure(INTERRUPTED, "the watcher is stopping");
    } catch (ExecutionException e) {
      return failure(e.getCause());
    }
  }

  private Failure failure(Throwable t) {
    Throwable c = t;
    while (c != null) {
      if (c instanceof TooLarge) {
        return new Failure(TOO_LARGE, c.getMessage());
      }
      if (c instanceof HttpConnectTimeoutException || c instanceof ConnectException) {
        return new Failure(
            CONNECT, c.getMessage() != null ? c.getMessage() : "connection refused or unreachable");
      }
      if (c instanceof HttpTimeoutException) {
        return new Failure(TIMEOUT, String.valueOf(c.getMessage()));
      }
      c = c.getCause();
    }
    return new Failure(IO, t.toString());
  }

  /** Collects the body until the cap; past it, cancels the exchange. */
  private static final class Capped implements HttpResponse.BodySubscriber<Body> {
    private final int cap;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buffer = new byte[64 * 1024];
    private int length;

    Capped(int cap) {
      this.cap = cap;
    }

    @Override
    public CompletionStage<Body> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        if ((long) length + n > cap) {
          subscription.cancel();
          buffer = null;
          result.completeExceptionally(new TooLarge(cap));
          return;
        }
        if (length + n > buffer.length) {
          buffer =
              java.util.Arrays.copyOf(
                  buffer, Math.min(cap, Math.max(buffer.length * 2, length + n)));
        }
        b.get(buffer, length, n);
        length += n;
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(new Body(buffer, length));
    }
  }

  @Override
  public void close() {
    // HttpClient has no close() on Java 17; its threads are daemons and stop with the last
    // reference
  }
}
