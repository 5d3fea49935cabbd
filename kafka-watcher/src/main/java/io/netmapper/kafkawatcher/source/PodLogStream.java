package io.netmapper.kafkawatcher.source;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.collect.LineHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one broker pod's log through the Kubernetes pod logs API ({@code follow=true,
 * timestamps=true}). When the stream ends (API server timeout, broker restart, network) it
 * reconnects with backoff from the last timestamp read, without repeating lines. A pod that does
 * not exist or is not running is logged once, waited for and retried; other brokers go on.
 */
public final class PodLogStream implements LogStream {
  private static final Logger LOG = LoggerFactory.getLogger(PodLogStream.class);

  /** Timing of reconnects and the first read. */
  public record Timing(Duration initialBackoff, Duration maxBackoff, Duration initialSince) {}

  private final KubernetesClient client;
  private final LineHandler handler;
  private final String container;
  private final Timing timing;
  private final Clock clock;
  private final Consumer<StreamState> stateListener;
  private final BiConsumer<String, Long> skipped;
  private final Consumer<String> reconnects;
  private final LineSplitter splitter;
  private final PodLogResume resume = new PodLogResume();
  private final byte[] buffer = new byte[64 * 1024];
  private volatile boolean running = true;
  private volatile StreamState state = StreamState.STARTING;
  private volatile LogWatch watch;
  private volatile Thread thread;

  /**
   * @param skipped called with a reason and count for lines skipped (already read before a
   *     reconnect)
   * @param reconnects called with the reason of each reconnect
   */
  public PodLogStream(
      KubernetesClient client,
      LineHandler handler,
      String container,
      int maxLineBytes,
      Timing timing,
      Clock clock,
      Consumer<StreamState> stateListener,
      BiConsumer<String, Long> skipped,
      Consumer<String> reconnects) {
    this.client = client;
    this.handler = handler;
    this.container = container == null || container.isBlank() ? null : container;
    this.timing = timing;
    this.clock = clock;
    this.stateListener = stateListener;
    this.skipped = skipped;
    this.reconnects = reconnects;
    this.splitter = new LineSplitter(maxLineBytes);
  }

  @Override
  public BrokerPod broker() {
    return handler.broker();
  }

  @Override
  public StreamState state() {
    return state;
  }

  @Override
  public void stop() {
    running = false;
    LogWatch w = watch;
    if (w != null) {
      w.close();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    long backoff = timing.initialBackoff().toMillis();
    String lastProblem = null;
    try {
      while (running) {
        String problem = notRunning();
        if (problem != null) {
          if (!problem.equals(lastProblem)) {
            LOG.info("broker {}: {}; waiting for it", broker(), problem);
          }
          lastProblem = problem;
          setState(StreamState.WAITING);
          backoff = pause(backoff);
          continue;
        }
        lastProblem = null;
        long lines = follow();
        if (!running) {
          break;
        }
        if (lines > 0) {
          backoff = timing.initialBackoff().toMillis();
        }
        setState(StreamState.RECONNECTING);
        backoff = pause(backoff);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      setState(StreamState.STOPPED);
    }
  }

  /** Null when the pod is running, else what is wrong with it. */
  private String notRunning() {
    try {
      Pod pod = client.pods().inNamespace(broker().namespace()).withName(broker().name()).get();
      if (pod == null) {
        return "pod does not exist";
      }
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (!"Running".equals(phase)) {
        return "pod is not running (phase " + phase + ")";
      }
      return null;
    } catch (KubernetesClientException e) {
      return "cannot read the pod: " + e.getMessage();
    }
  }

  /** One connection: reads until the stream ends; returns the lines read. */
  private long follow() {
    String since = resume.sinceTime();
    resume.reconnected();
    PodResource pod = client.pods().inNamespace(broker().namespace()).withName(broker().name());
    BytesLimitTerminateTimeTailPrettyLoggable logs =
        container != null ? pod.inContainer(container).usingTimestamps() : pod.usingTimestamps();
    if (since == null && !timing.initialSince().isZero()) {
      since =
          clock
              .instant()
              .minus(timing.initialSince())
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString();
    }
    long[] lines = {0};
    long[] skips = {0};
    String reason = "stream_ended";
    String failure = null;
    try (LogWatch w = since != null ? logs.sinceTime(since).watchLog() : logs.watchLog()) {
      watch = w;
      setState(StreamState.STREAMING);
      LOG.info(
          "broker {}: following the pod log{}", broker(), since != null ? " since " + since : "");
      InputStream in = w.getOutput();
      LineSplitter.Lines sink =
          new LineSplitter.Lines() {
            @Override
            public void line(String raw) {
              PodLogResume.Line line = resume.accept(raw);
              if (line == PodLogResume.SKIP) {
                skips[0]++;
                return;
              }
              lines[0]++;
              handler.line(
                  line.text(), line.timeMillis() >= 0 ? line.timeMillis() : clock.millis());
            }

            @Override
            public void tooLong() {
              handler.partial("line_too_long");
            }
          };
      int n;
      while (running && (n = in.read(buffer)) >= 0) {
        splitter.feed(buffer, 0, n, sink);
      }
    } catch (IOException | KubernetesClientException e) {
      reason = "error";
      failure = e.getMessage();
    } finally {
      watch = null;
    }
    // an unfinished last line is read again, whole, after the reconnect (its time is after the last
    // one read)
    splitter.discardPending();
    if (skips[0] > 0) {
      skipped.accept("already_read", skips[0]);
    }
    if (running) {
      reconnects.accept(reason);
      LOG.info(
          "broker {}: log stream {} after {} new lines ({} already read); reconnecting",
          broker(),
          failure == null ? "ended" : "failed (" + failure + ")",
          lines[0],
          skips[0]);
    }
    return lines[0];
  }

  private long pause(long backoffMillis) throws InterruptedException {
    Thread.sleep(backoffMillis);
    return Math.min(backoffMillis * 2, timing.maxBackoff().toMillis());
  }

  private void setState(StreamState s) {
    if (!running && s != StreamState.STOPPED) {
      return; // stopping: only STOPPED is reported
    }
    state = s;
    stateListener.accept(s);
  }
}
