package io.netmapper.aws.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final CertificateAuthority CA = CertificateAuthority.generate(CLOCK);

  @Test
  void generated_isATenYearCaNamedForNetmapper() {
    X509Certificate cert = CA.certificate();
    assertThat(cert.getSubjectX500Principal().getName())
        .isEqualTo("CN=netmapper AWS visibility CA");
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(Duration.between(NOW, cert.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(3650));
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void pemRoundTrip_givesTheSameCa_andIssuesLeavesItValidates() throws Exception {
    var loaded = CertificateAuthority.fromPem(CA.certificatePem(), CA.privateKeyPem(), CLOCK);
    assertThat(loaded.certificate()).isEqualTo(CA.certificate());
    var leaf = loaded.issue(List.of("s3.eu-central-1.amazonaws.com"), Duration.ofDays(30));
    assertValidFor(leaf, CA.certificate(), "s3.eu-central-1.amazonaws.com");
  }

  @Test
  void servingCertificate_namesAllHosts_andChainsToTheCa() throws Exception {
    var serving =
        CA.issue(
            List.of(
                "netmapper-aws-visibility.netmapper.svc",
                "netmapper-aws-visibility.netmapper.svc.cluster.local"),
            Duration.ofDays(365));
    assertThat(sans(serving.leaf()))
        .containsExactly(
            "netmapper-aws-visibility.netmapper.svc",
            "netmapper-aws-visibility.netmapper.svc.cluster.local");
    assertThat(serving.chain()).hasSize(2).last().isEqualTo(CA.certificate());
    assertThat(serving.chainPem()).contains("BEGIN CERTIFICATE");
    assertThat(serving.privateKeyPem()).contains("BEGIN PRIVATE KEY");
    assertThat(serving.toString()).doesNotContain("PRIVATE").contains("key=<hidden>");
    assertValidFor(serving, CA.certificate(), "netmapper-aws-visibility.netmapper.svc");
  }

  @Test
  void serials_areRandomAndDistinct() {
    var a = CA.issue(List.of("a.amazonaws.com"), Duration.ofDays(1)).leaf().getSerialNumber();
    var b = CA.issue(List.of("a.amazonaws.com"), Duration.ofDays(1)).leaf().getSerialNumber();
    assertThat(a).isNotEqualTo(b);
    assertThat(a.bitLength()).isGreaterThan(64);
  }

  @Test
  void badPem_isAClearError() {
    assertThatThrownBy(() -> CertificateAuthority.fromPem("garbage", CA.privateKeyPem(), CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificate");
    var other = CertificateAuthority.generate(CLOCK);
    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(CA.certificatePem(), other.privateKeyPem(), CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong")
        .message()
        .doesNotContain("PRIVATE");
    var leaf = CA.issue(List.of("x.amazonaws.com"), Duration.ofDays(1));
    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(leaf.chainPem(), leaf.privateKeyPem(), CLOCK))
        .hasMessageContaining("not a CA");
  }

  @Test
  void caBundle_pemHasCaPlusJvmRoots_andPkcs12TrustsOurLeaves() throws Exception {
    CaBundle bundle = CA.caBundle();
    int roots = TrustBundles.jvmDefaultRoots().size();
    assertThat(roots).isGreaterThan(50);
    assertThat(bundle.caCertificatePem()).isEqualTo(CA.certificatePem());
    var parsed =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(bundle.trustBundlePem().getBytes()));
    assertThat(parsed).hasSize(roots + 1);
    assertThat(parsed.contains(CA.certificate())).isTrue();

    var store = KeyStore.getInstance("PKCS12");
    store.load(
        new ByteArrayInputStream(bundle.javaTrustStore()),
        bundle.javaTrustStorePassword().toCharArray());
    assertThat(bundle.javaTrustStorePassword()).isEqualTo("netmapper");
    assertThat(store.size()).isEqualTo(roots + 1);
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    var leaf = CA.issue(List.of("sqs.eu-central-1.amazonaws.com"), Duration.ofDays(30));
    ((X509TrustManager) tmf.getTrustManagers()[0])
        .checkServerTrusted(leaf.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
  }

  static void assertValidFor(IssuedCertificate issued, X509Certificate ca, String host)
      throws Exception {
    var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(issued.leaf()));
    var params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.setRevocationEnabled(false);
    params.setDate(java.util.Date.from(NOW));
    CertPathValidator.getInstance("PKIX").validate(path, params);
    assertThat(sans(issued.leaf())).contains(host);
    assertThat(issued.leaf().getBasicConstraints()).isEqualTo(-1);
  }

  static List<String> sans(X509Certificate cert) throws Exception {
    return cert.getSubjectAlternativeNames().stream().map(n -> (String) n.get(1)).toList();
  }
}
