package io.netmapper.aws.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets {@code clientConfig.caBundle} of every webhook in the named MutatingWebhookConfiguration to
 * the CA that issued our serving certificate, so the API server trusts the webhook. A missing
 * configuration (Helm installs it after the Deployment, or someone deleted it) is logged, counted
 * and retried every {@code retry}, never fatal.
 */
public final class WebhookCaBundlePatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookCaBundlePatcher.class);

  private final KubernetesClient client;
  private final String name;
  private final String caBundle;
  private final ScheduledExecutorService scheduler;
  private final Duration retry;
  private final WebhookMetrics metrics;
  private ScheduledFuture<?> pending;
  private boolean closed;

  /**
   * @param caCertificatePem the serving certificate's CA (PEM)
   * @param scheduler runs the attempts; not shut down by {@link #close()}
   */
  public WebhookCaBundlePatcher(
      KubernetesClient client,
      String webhookConfigurationName,
      String caCertificatePem,
      ScheduledExecutorService scheduler,
      Duration retry,
      MeterRegistry registry) {
    this.client = Objects.requireNonNull(client, "client");
    this.name = Objects.requireNonNull(webhookConfigurationName, "webhookConfigurationName");
    if (caCertificatePem == null || !caCertificatePem.contains("BEGIN CERTIFICATE")) {
      throw new IllegalArgumentException("caCertificatePem is not a PEM certificate");
    }
    this.caBundle =
        Base64.getEncoder().encodeToString(caCertificatePem.getBytes(StandardCharsets.US_ASCII));
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.metrics = new WebhookMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /** Tries now, on the scheduler, and again every {@code retry} until it has succeeded. */
  public synchronized void start() {
    schedule(0);
  }

  private synchronized void schedule(long delayMillis) {
    if (!closed) {
      pending = scheduler.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void attempt() {
    String outcome = patchOnce();
    metrics.caBundlePatch(outcome);
    if (outcome.equals("missing") || outcome.equals("failed")) {
      schedule(retry.toMillis());
    }
  }

  /** One attempt: patched, unchanged, missing or failed. */
  String patchOnce() {
    try {
      var resource =
          client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name);
      MutatingWebhookConfiguration current = resource.get();
      if (current == null) {
        LOG.warn("MutatingWebhookConfiguration {} not found; retrying in {}", name, retry);
        return "missing";
      }
      if (current.getWebhooks() == null
          || current.getWebhooks().stream().allMatch(this::hasOurCa)) {
        return "unchanged";
      }
      resource.edit(
          mwc -> {
            for (MutatingWebhook w : mwc.getWebhooks()) {
              if (w.getClientConfig() != null) {
                w.getClientConfig().setCaBundle(caBundle);
              }
            }
            return mwc;
          });
      LOG.info(
          "set caBundle of MutatingWebhookConfiguration {} ({} webhooks)",
          name,
          current.getWebhooks().size());
      return "patched";
    } catch (KubernetesClientException e) {
      LOG.warn(
          "cannot patch MutatingWebhookConfiguration {} (HTTP {}): {}; retrying in {}",
          name,
          e.getCode(),
          e.getMessage(),
          retry);
      return "failed";
    }
  }

  private boolean hasOurCa(MutatingWebhook w) {
    return w.getClientConfig() == null || caBundle.equals(w.getClientConfig().getCaBundle());
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (pending != null) {
      pending.cancel(false);
    }
  }
}
