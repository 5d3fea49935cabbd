package io.netmapper.common.telemetry;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anonymous usage counters. Only counter names chosen by the code (never names, addresses or any
 * other observed data) and their counts are sent, as JSON, to the configured endpoint. Disabled, or
 * with no endpoint, nothing is sent and no thread is started.
 */
public final class Telemetry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  // Counter names are code constants; the pattern keeps observed data out by construction.
  private static final Pattern COUNTER_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final String component;
  private final TelemetryConfig config;
  private final String instanceId = UUID.randomUUID().toString();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final HttpClient http;
  // created only when something is sent: the node agent must not pay for Jackson otherwise
  private final ObjectMapper json;
  private final ScheduledExecutorService scheduler;

  private Telemetry(String component, TelemetryConfig config) {
    this.component = Objects.requireNonNull(component, "component");
    this.config = Objects.requireNonNull(config, "config");
    if (config.sends()) {
      this.json = JsonMapper.builder().build();
      this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "telemetry");
                t.setDaemon(true);
                return t;
              });
      long every = config.interval().toMillis();
      scheduler.scheduleAtFixedRate(this::flush, every, every, TimeUnit.MILLISECONDS);
    } else {
      this.json = null;
      this.http = null;
      this.scheduler = null;
    }
  }

  /** Starts telemetry for a component and counts {@code component_started}. */
  public static Telemetry start(String component, TelemetryConfig config) {
    Telemetry telemetry = new Telemetry(component, config);
    LOG.info(
        "telemetry component={} enabled={} endpoint={}",
        component,
        config.enabled(),
        config
            .endpoint()
            .map(u -> u.getScheme() + "://" + u.getHost())
            .orElse("none (nothing is sent)"));
    telemetry.count("component_started");
    return telemetry;
  }

  public void count(String counter) {
    add(counter, 1);
  }

  public void add(String counter, long delta) {
    if (!config.sends()) {
      return;
    }
    if (!COUNTER_NAME.matcher(counter).matches()) {
      throw new IllegalArgumentException(
          "telemetry counter names are code constants [a-z0-9_], got '" + counter + "'");
    }
    counters.computeIfAbsent(counter, k -> new LongAdder()).add(delta);
  }

  /** Sends accumulated counters now; keeps them for the next try when the endpoint fails. */
  public boolean flush() {
    if (!config.sends()) {
      return false;
    }
    Map<String, Long> snapshot = new TreeMap<>();
    counters.forEach(
        (name, adder) -> {
          long v = adder.sumThenReset();
          if (v != 0) {
            snapshot.put(name, v);
          }
        });
    if (snapshot.isEmpty()) {
      return true;
    }
    try {
      byte[] body =
          json.writeValueAsBytes(
              Map.of("component", component, "instanceId", instanceId, "counters", snapshot));
      HttpRequest request =
          HttpRequest.newBuilder(config.endpoint().orElseThrow())
              .timeout(Duration.ofSeconds(10))
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        return true;
      }
      LOG.debug("telemetry endpoint answered status={}", response.statusCode());
    } catch (IOException e) {
      LOG.debug("telemetry endpoint unreachable: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    snapshot.forEach((name, v) -> counters.computeIfAbsent(name, k -> new LongAdder()).add(v));
    return false;
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      flush();
    }
  }
}
