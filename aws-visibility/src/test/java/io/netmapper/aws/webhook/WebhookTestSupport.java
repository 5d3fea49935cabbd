package io.netmapper.aws.webhook;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;

/** Builds AdmissionReviews, POSTs them over real HTTPS and applies the returned JSON patch. */
final class WebhookTestSupport {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;

  WebhookTestSupport(TestPki pki) throws Exception {
    http =
        HttpClient.newBuilder()
            .sslContext(pki.clientContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  static String review(String uid, String operation, String namespace, Object object, String kind) {
    AdmissionRequest request = new AdmissionRequest();
    request.setUid(uid);
    request.setOperation(operation);
    request.setNamespace(namespace);
    request.setKind(new GroupVersionKind(kind.equals("Pod") ? "" : "apps", kind, "v1"));
    request.setResource(
        new GroupVersionResource(
            kind.equals("Pod") ? "" : "apps", kind.equals("Pod") ? "pods" : "deployments", "v1"));
    request.setObject(object);
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion("admission.k8s.io/v1");
    review.setKind("AdmissionReview");
    review.setRequest(request);
    return SERIALIZATION.asJson(review);
  }

  static String createPod(String uid, Pod pod) {
    return review(uid, "CREATE", pod.getMetadata().getNamespace(), pod, "Pod");
  }

  HttpResponse<String> post(int port, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/mutate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static AdmissionResponse response(HttpResponse<String> http) {
    AdmissionReview review = SERIALIZATION.unmarshal(http.body(), AdmissionReview.class);
    return review.getResponse();
  }

  /** The pod as the API server would store it after applying our patch to its JSON. */
  static Pod applyPatch(Pod original, AdmissionResponse response) {
    String patch =
        new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8);
    var patched =
        JsonPatch.apply(JSON.readTree(patch), JSON.readTree(SERIALIZATION.asJson(original)));
    return SERIALIZATION.unmarshal(patched.toString(), Pod.class);
  }

  static String decodedPatch(AdmissionResponse response) {
    return new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8);
  }
}
