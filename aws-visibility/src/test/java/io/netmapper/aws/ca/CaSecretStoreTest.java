package io.netmapper.aws.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Against fabric8's CRUD mock API server: a real 409 on a lost create race. */
@EnableKubernetesMockClient(crud = true)
class CaSecretStoreTest {

  KubernetesClient client;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Clock clock = Clock.systemUTC();

  @Test
  void missingSecret_isCreatedOnce_andReusedAfterwards() {
    var first = new CaSecretStore(client, "netmapper", "aws-ca", clock, registry).loadOrCreate();
    var secret = client.secrets().inNamespace("netmapper").withName("aws-ca").get();
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key");
    assertThat(decode(secret.getData().get("ca.crt"))).isEqualTo(first.certificatePem());
    assertThat(decode(secret.getData().get("ca.key"))).contains("BEGIN PRIVATE KEY");

    var second = new CaSecretStore(client, "netmapper", "aws-ca", clock, registry).loadOrCreate();
    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(client.secrets().inNamespace("netmapper").list().getItems()).hasSize(1);
  }

  @Test
  void losingTheCreateRace_usesTheWinnersCa() {
    var winner = CertificateAuthority.generate(clock);
    var store =
        new CaSecretStore(
            client,
            "netmapper",
            "aws-ca",
            clock,
            registry,
            () -> {
              // the other replica creates the Secret between our read and our create
              client
                  .secrets()
                  .inNamespace("netmapper")
                  .resource(
                      new SecretBuilder()
                          .withNewMetadata()
                          .withName("aws-ca")
                          .withNamespace("netmapper")
                          .endMetadata()
                          .withType("Opaque")
                          .addToData("ca.crt", encode(winner.certificatePem()))
                          .addToData("ca.key", encode(winner.privateKeyPem()))
                          .build())
                  .create();
              return CertificateAuthority.generate(clock);
            });
    assertThat(store.loadOrCreate().certificate()).isEqualTo(winner.certificate());
  }

  @Test
  void emptySecretFromTheChart_isFilled_andKeptAfterwards() {
    client
        .secrets()
        .inNamespace("netmapper")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("aws-ca")
                .withNamespace("netmapper")
                .addToAnnotations("helm.sh/resource-policy", "keep")
                .endMetadata()
                .withType("Opaque")
                .build())
        .create();
    var first = new CaSecretStore(client, "netmapper", "aws-ca", clock, registry).loadOrCreate();
    var secret = client.secrets().inNamespace("netmapper").withName("aws-ca").get();
    assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(decode(secret.getData().get("ca.crt"))).isEqualTo(first.certificatePem());
    var second = new CaSecretStore(client, "netmapper", "aws-ca", clock, registry).loadOrCreate();
    assertThat(second.certificate()).isEqualTo(first.certificate());
  }

  @Test
  void losingTheFillRace_usesTheWinnersCa() {
    client
        .secrets()
        .inNamespace("netmapper")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("aws-ca")
                .withNamespace("netmapper")
                .endMetadata()
                .withType("Opaque")
                .build())
        .create();
    var winner = CertificateAuthority.generate(clock);
    var store =
        new CaSecretStore(
            client,
            "netmapper",
            "aws-ca",
            clock,
            registry,
            () -> {
              // the other replica fills the Secret between our read and our update
              client
                  .secrets()
                  .inNamespace("netmapper")
                  .withName("aws-ca")
                  .edit(
                      s ->
                          new SecretBuilder(s)
                              .addToData("ca.crt", encode(winner.certificatePem()))
                              .addToData("ca.key", encode(winner.privateKeyPem()))
                              .build());
              return CertificateAuthority.generate(clock);
            });
    assertThat(store.loadOrCreate().certificate()).isEqualTo(winner.certificate());
  }

  @Test
  void secretWithoutKey_isAClearErrorAndCounted_andNotOverwritten() {
    client
        .secrets()
        .inNamespace("netmapper")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("aws-ca")
                .withNamespace("netmapper")
                .endMetadata()
                .addToData("ca.crt", encode("not a cert"))
                .build())
        .create();
    var store = new CaSecretStore(client, "netmapper", "aws-ca", clock, registry);
    assertThatThrownBy(store::loadOrCreate)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("netmapper/aws-ca")
        .hasMessageContaining("missing_key");
    assertThat(
            registry
                .get("netmapper_aws_ca_secret_invalid_total")
                .tag("reason", "missing_key")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(client.secrets().inNamespace("netmapper").withName("aws-ca").get().getData())
        .doesNotContainKey("ca.key");
  }

  @Test
  void invalidNames_areRejectedUpFront() {
    assertThatThrownBy(() -> new CaSecretStore(client, "Bad_NS", "aws-ca", clock, registry))
        .hasMessageContaining("namespace");
  }

  static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
