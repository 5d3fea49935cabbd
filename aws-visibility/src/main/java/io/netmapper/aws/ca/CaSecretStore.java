package io.netmapper.aws.ca;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CA in an Opaque Secret ({@code ca.crt}, {@code ca.key}, PEM) so every replica and every
 * restart presents leaves from the same CA the pods already trust. Replicas racing to create it
 * settle on whichever create the API server accepted first.
 */
public final class CaSecretStore {

  public static final String CERT_KEY = "ca.crt";
  public static final String KEY_KEY = "ca.key";
  private static final Logger LOG = LoggerFactory.getLogger(CaSecretStore.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private final Supplier<CertificateAuthority> generator;
  private final MeterRegistry registry;

  public CaSecretStore(
      KubernetesClient client, String namespace, String name, Clock clock, MeterRegistry registry) {
    this(client, namespace, name, clock, registry, () -> CertificateAuthority.generate(clock));
  }

  /** {@code generator} is called between the read and the create; tests use it to lose a race. */
  CaSecretStore(
      KubernetesClient client,
      String namespace,
      String name,
      Clock clock,
      MeterRegistry registry,
      Supplier<CertificateAuthority> generator) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = requireName(namespace, "namespace");
    this.name = requireName(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.generator = generator;
  }

  /**
   * The CA from the Secret, creating the Secret with a new CA when it does not exist. A Secret that
   * exists without any data (the Helm chart creates it empty, so the component needs no {@code
   * create} on Secrets) is filled with a new CA; one that holds data but no usable CA is not
   * overwritten (pods trust whatever it held): that is an IllegalStateException naming the Secret
   * and the problem, counted by reason.
   */
  public CertificateAuthority loadOrCreate() {
    Secret existing = read();
    if (existing != null && (existing.getData() == null || existing.getData().isEmpty())) {
      return fill(existing);
    }
    if (existing != null) {
      return fromSecret(existing);
    }
    CertificateAuthority fresh = generator.get();
    try {
      client.secrets().inNamespace(namespace).resource(toSecret(fresh)).create();
      LOG.info("created CA secret {}/{}: {}", namespace, name, fresh);
      return fresh;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return winnerAfterConflict();
    }
  }

  /**
   * Writes a new CA into the empty Secret; the resourceVersion makes a racing replica's write a
   * 409.
   */
  private CertificateAuthority fill(Secret empty) {
    CertificateAuthority fresh = generator.get();
    Secret filled = new SecretBuilder(empty).withData(toSecret(fresh).getData()).build();
    try {
      client.secrets().inNamespace(namespace).resource(filled).update();
      LOG.info("filled empty CA secret {}/{}: {}", namespace, name, fresh);
      return fresh;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return winnerAfterConflict();
    }
  }

  private CertificateAuthority winnerAfterConflict() {
    {
      Secret winner = read();
      if (winner == null) {
        throw new IllegalStateException(
            "CA secret "
                + namespace
                + "/"
                + name
                + " conflicted on create but cannot be read back");
      }
      CertificateAuthority ca = fromSecret(winner);
      LOG.info(
          "CA secret {}/{} was written by another replica; using its CA {}", namespace, name, ca);
      return ca;
    }
  }

  private Secret read() {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private CertificateAuthority fromSecret(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String cert = decode(data, CERT_KEY, "missing_cert");
    String key = decode(data, KEY_KEY, "missing_key");
    try {
      CertificateAuthority ca = CertificateAuthority.fromPem(cert, key, clock);
      LOG.info("loaded CA from secret {}/{}: {}", namespace, name, ca);
      return ca;
    } catch (IllegalArgumentException e) {
      throw invalid("invalid_ca", e.getMessage());
    }
  }

  private String decode(Map<String, String> data, String entry, String reasonIfMissing) {
    String base64 = data.get(entry);
    if (base64 == null || base64.isBlank()) {
      throw invalid(reasonIfMissing, "no " + entry + " entry");
    }
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("bad_base64", entry + " is not base64");
    }
  }

  private IllegalStateException invalid(String reason, String detail) {
    Counter.builder("netmapper_aws_ca_secret_invalid_total")
        .description("CA secrets that could not be used, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
    LOG.error("CA secret {}/{} is unusable ({}): {}", namespace, name, reason, detail);
    return new IllegalStateException(
        "CA secret "
            + namespace
            + "/"
            + name
            + " is unusable ("
            + reason
            + "): "
            + detail
            + "; fix or delete it");
  }

  private Secret toSecret(CertificateAuthority ca) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels("app.kubernetes.io/name", "netmapper-aws-visibility")
        .addToLabels("app.kubernetes.io/component", "ca")
        .endMetadata()
        .withType("Opaque")
        .addToData(CERT_KEY, base64(ca.certificatePem()))
        .addToData(KEY_KEY, base64(ca.privateKeyPem()))
        .build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String requireName(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new IllegalArgumentException(what + " is not a valid Kubernetes name: '" + value + "'");
    }
    return value;
  }
}
