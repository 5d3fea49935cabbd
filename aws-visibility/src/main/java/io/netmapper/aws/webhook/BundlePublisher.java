package io.netmapper.aws.webhook;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netmapper.aws.ca.CaBundle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the CA-bundle ConfigMap exists, with the current bundle, in a pod's namespace before
 * the webhook patches the pod to mount it (a volume whose ConfigMap is missing keeps the pod from
 * starting). A namespace verified within {@code recheck} is not read again, unless the bundle
 * changed.
 */
final class BundlePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(BundlePublisher.class);

  private record Verified(Instant at, Map<String, String> data, Map<String, String> binaryData) {}

  private final KubernetesClient client;
  private final String name;
  private final Supplier<CaBundle> bundle;
  private final Clock clock;
  private final Duration recheck;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  BundlePublisher(
      KubernetesClient client,
      String name,
      Supplier<CaBundle> bundle,
      Clock clock,
      Duration recheck) {
    this.client = Objects.requireNonNull(client, "client");
    this.name = name;
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recheck = recheck;
  }

  /** True when the ConfigMap is in place with the current bundle; false (logged) otherwise. */
  boolean ensure(String namespace) {
    CaBundle current = bundle.get();
    Map<String, String> data =
        Map.of(
            PodMutator.CA_FILE,
            current.caCertificatePem(),
            PodMutator.BUNDLE_FILE,
            current.trustBundlePem());
    Map<String, String> binaryData =
        Map.of(
            PodMutator.TRUSTSTORE_FILE,
            Base64.getEncoder().encodeToString(current.javaTrustStore()));
    Instant now = clock.instant();
    Verified last = verified.get(namespace);
    if (last != null
        && last.data().equals(data)
        && last.binaryData().equals(binaryData)
        && now.isBefore(last.at().plus(recheck))) {
      return true;
    }
    try {
      write(namespace, data, binaryData);
      verified.put(namespace, new Verified(now, data, binaryData));
      return true;
    } catch (KubernetesClientException e) {
      verified.remove(namespace);
      LOG.warn(
          "CA bundle ConfigMap {}/{} not available (HTTP {}): {}",
          namespace,
          name,
          e.getCode(),
          e.getMessage());
      return false;
    }
  }

  private void write(String namespace, Map<String, String> data, Map<String, String> binaryData) {
    var resource = client.configMaps().inNamespace(namespace).withName(name);
    ConfigMap existing = resource.get();
    if (existing == null) {
      ConfigMap desired =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .addToLabels("app.kubernetes.io/managed-by", "netmapper")
              .addToLabels("app.kubernetes.io/component", "aws-visibility")
              .endMetadata()
              .withData(data)
              .withBinaryData(binaryData)
              .build();
      try {
        client.configMaps().inNamespace(namespace).resource(desired).create();
        LOG.info("created CA bundle ConfigMap {}/{}", namespace, name);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // another replica created it between our get and create: compare with theirs
        existing = resource.get();
        if (existing == null) {
          throw e;
        }
      }
    }
    if (data.equals(existing.getData()) && binaryData.equals(existing.getBinaryData())) {
      return;
    }
    existing.setData(data);
    existing.setBinaryData(binaryData);
    // carries the resourceVersion we read: a concurrent writer makes this fail (409), not race
    client.configMaps().inNamespace(namespace).resource(existing).update();
    LOG.info("updated CA bundle ConfigMap {}/{}", namespace, name);
  }
}
