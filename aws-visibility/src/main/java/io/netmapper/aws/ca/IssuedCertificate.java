package io.netmapper.aws.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A key and its certificate chain (leaf first, then the CA), e.g. the webhook's serving
 * certificate. {@link #toString()} leaves the key out so it cannot reach a log by accident.
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

  public IssuedCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty chain");
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The chain as PEM (leaf first), for {@code tls.crt}. */
  public String chainPem() {
    return Pem.certificates(chain);
  }

  /** The key as PKCS#8 PEM, for {@code tls.key}. Secret: store it only in a Secret. */
  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject="
        + leaf().getSubjectX500Principal().getName()
        + ", notAfter="
        + leaf().getNotAfter().toInstant()
        + ", key=<hidden>]";
  }
}
