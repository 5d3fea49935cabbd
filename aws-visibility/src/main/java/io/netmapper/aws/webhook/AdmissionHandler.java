package io.netmapper.aws.webhook;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.netmapper.aws.ca.CaBundle;
import io.netmapper.aws.webhook.WebhookMetrics.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One AdmissionReview in, one out. Always allows the pod (failurePolicy is Ignore and we never
 * block a pod); patches only opted-in pods on CREATE whose bundle ConfigMap is in place.
 */
final class AdmissionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionHandler.class);
  private static final String API_VERSION = "admission.k8s.io/v1";
  // only add/replace ops: move/copy are valid JSON Patch but make the patch harder to audit
  private static final EnumSet<DiffFlags> DIFF_FLAGS =
      EnumSet.of(
          DiffFlags.OMIT_MOVE_OPERATION,
          DiffFlags.OMIT_COPY_OPERATION,
          DiffFlags.OMIT_VALUE_ON_REMOVE);

  /** HTTP status and body; 400 bodies are a plain-text reason. */
  record Reply(int status, String body) {}

  private final KubernetesSerialization serialization;
  private final JsonMapper json = JsonMapper.builder().build();
  private final PodMutator mutator;
  private final BundlePublisher publisher;
  private final Supplier<CaBundle> bundle;
  private final WebhookMetrics metrics;

  AdmissionHandler(
      KubernetesSerialization serialization,
      PodMutator mutator,
      BundlePublisher publisher,
      Supplier<CaBundle> bundle,
      WebhookMetrics metrics) {
    this.serialization = serialization;
    this.mutator = mutator;
    this.publisher = publisher;
    this.bundle = bundle;
    this.metrics = metrics;
  }

  Reply handle(String body) {
    AdmissionReview review;
    try {
      review = serialization.unmarshal(body, AdmissionReview.class);
    } catch (RuntimeException e) {
      return malformed("body is not an AdmissionReview JSON document");
    }
    if (review == null
        || !API_VERSION.equals(review.getApiVersion())
        || !"AdmissionReview".equals(review.getKind())) {
      return malformed("expected apiVersion " + API_VERSION + " kind AdmissionReview");
    }
    AdmissionRequest request = review.getRequest();
    if (request == null || request.getUid() == null || request.getUid().isBlank()) {
      return malformed("AdmissionReview has no request.uid");
    }
    String uid = request.getUid();
    if (!isPod(request)) {
      return allow(uid, Outcome.SKIPPED_NOT_POD, null);
    }
    if (!"CREATE".equals(request.getOperation())) {
      return allow(uid, Outcome.SKIPPED_NOT_CREATE, null);
    }
    Pod pod;
    try {
      pod = serialization.convertValue(request.getObject(), Pod.class);
    } catch (RuntimeException e) {
      pod = null;
    }
    if (pod == null
        || pod.getSpec() == null
        || pod.getSpec().getContainers() == null
        || pod.getMetadata() == null) {
      return malformed("request.object is not a Pod with metadata and containers");
    }
    if (!PodMutator.optedIn(pod)) {
      return allow(uid, Outcome.SKIPPED_UNLABELLED, null);
    }
    if (PodMutator.alreadyMutated(pod)) {
      return allow(uid, Outcome.SKIPPED_ALREADY, null);
    }
    String namespace =
        request.getNamespace() != null ? request.getNamespace() : pod.getMetadata().getNamespace();
    String podName =
        pod.getMetadata().getName() != null
            ? pod.getMetadata().getName()
            : pod.getMetadata().getGenerateName() + "*";
    if (namespace == null || namespace.isBlank()) {
      return malformed("pod has no namespace");
    }
    // sideEffects: NoneOnDryRun — a dry run shows the patch but must not write the ConfigMap
    boolean dryRun = Boolean.TRUE.equals(request.getDryRun());
    if (!dryRun && !publisher.ensure(namespace)) {
      LOG.warn(
          "pod {}/{} admitted without AWS visibility: CA bundle ConfigMap unavailable",
          namespace,
          podName);
      return allow(uid, Outcome.BUNDLE_UNAVAILABLE, null);
    }
    JsonNode before = json.readTree(serialization.asJson(pod));
    PodMutator.Result result =
        mutator.mutate(serialization.clone(pod), namespace, bundle.get().javaTrustStorePassword());
    JsonNode after = json.readTree(serialization.asJson(result.pod()));
    String patch = JsonDiff.asJson(before, after, DIFF_FLAGS).toString();
    for (String reason : result.kept()) {
      metrics.kept(reason);
      LOG.info("pod {}/{}: kept the pod's own setting ({})", namespace, podName, reason);
    }
    LOG.info("pod {}/{} patched for AWS visibility", namespace, podName);
    return allow(uid, Outcome.MUTATED, patch);
  }

  private static boolean isPod(AdmissionRequest request) {
    var kind = request.getKind();
    boolean podKind =
        kind != null
            && "Pod".equals(kind.getKind())
            && (kind.getGroup() == null || kind.getGroup().isEmpty())
            && "v1".equals(kind.getVersion());
    boolean subresource = request.getSubResource() != null && !request.getSubResource().isEmpty();
    return podKind && !subresource;
  }

  private Reply allow(String uid, Outcome outcome, String patch) {
    metrics.admission(outcome);
    AdmissionResponse response = new AdmissionResponse();
    response.setUid(uid);
    response.setAllowed(true);
    if (patch != null) {
      response.setPatchType("JSONPatch");
      response.setPatch(Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
    }
    AdmissionReview out = new AdmissionReview();
    out.setApiVersion(API_VERSION);
    out.setKind("AdmissionReview");
    out.setResponse(response);
    return new Reply(200, serialization.asJson(out));
  }

  private Reply malformed(String why) {
    metrics.admission(Outcome.MALFORMED);
    LOG.info("malformed admission review rejected: {}", why);
    return new Reply(400, why);
  }
}
