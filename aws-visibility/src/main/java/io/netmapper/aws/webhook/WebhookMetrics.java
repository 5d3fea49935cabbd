package io.netmapper.aws.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The webhook's meters: admissions by outcome, kept user settings, caBundle patches. */
final class WebhookMetrics {

  enum Outcome {
    MUTATED,
    SKIPPED_UNLABELLED,
    SKIPPED_NOT_POD,
    SKIPPED_NOT_CREATE,
    SKIPPED_ALREADY,
    BUNDLE_UNAVAILABLE,
    MALFORMED
  }

  private final MeterRegistry registry;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void admission(Outcome outcome) {
    Counter.builder("netmapper_aws_webhook_admissions")
        .description("Admission reviews by what the webhook did")
        .tag("outcome", outcome.name().toLowerCase())
        .register(registry)
        .increment();
  }

  /** A setting of the pod we left alone; reason names it (see DESIGN.md). */
  void kept(String reason) {
    Counter.builder("netmapper_aws_webhook_settings_kept")
        .description("Pod settings the webhook did not change, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void caBundlePatch(String outcome) {
    Counter.builder("netmapper_aws_webhook_cabundle_patches")
        .description("Attempts to set the MutatingWebhookConfiguration's caBundle, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
