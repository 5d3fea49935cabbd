package io.netmapper.aws.ca;

import java.util.Objects;

/**
 * What opted-in pods must trust, in the formats their SDKs read. Public material only: no key.
 *
 * @param caCertificatePem the visibility CA's certificate alone (PEM); for variables that add to
 *     the system roots (NODE_EXTRA_CA_CERTS)
 * @param trustBundlePem the CA plus the usual public roots (PEM); for variables that replace the
 *     system roots (AWS_CA_BUNDLE, SSL_CERT_FILE, REQUESTS_CA_BUNDLE)
 * @param javaTrustStore the same roots as a PKCS12 trust store, for {@code
 *     -Djavax.net.ssl.trustStore}
 * @param javaTrustStorePassword the trust store's password (it protects nothing secret; Java wants
 *     one for PKCS12)
 */
public record CaBundle(
    String caCertificatePem,
    String trustBundlePem,
    byte[] javaTrustStore,
    String javaTrustStorePassword) {

  public CaBundle {
    Objects.requireNonNull(caCertificatePem, "caCertificatePem");
    Objects.requireNonNull(trustBundlePem, "trustBundlePem");
    Objects.requireNonNull(javaTrustStore, "javaTrustStore");
    Objects.requireNonNull(javaTrustStorePassword, "javaTrustStorePassword");
    if (!caCertificatePem.contains("BEGIN CERTIFICATE")) {
      throw new IllegalArgumentException("caCertificatePem is not a PEM certificate");
    }
  }
}
