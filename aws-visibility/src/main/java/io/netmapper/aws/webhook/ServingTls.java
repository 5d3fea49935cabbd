package io.netmapper.aws.webhook;

import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.server.ServerBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;

/** The webhook's serving certificate: a PEM key + chain, or a ready KeyManagerFactory. */
public final class ServingTls {

  private final String privateKeyPem;
  private final String certificateChainPem;
  private final KeyManagerFactory keyManagerFactory;

  private ServingTls(String privateKeyPem, String certificateChainPem, KeyManagerFactory kmf) {
    this.privateKeyPem = privateKeyPem;
    this.certificateChainPem = certificateChainPem;
    this.keyManagerFactory = kmf;
  }

  /**
   * @param privateKeyPem PKCS#8 ({@code BEGIN PRIVATE KEY}) key of the leaf
   * @param certificateChainPem leaf first, then intermediates
   */
  public static ServingTls ofPem(String privateKeyPem, String certificateChainPem) {
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    if (!privateKeyPem.contains("PRIVATE KEY")) {
      throw new IllegalArgumentException("privateKeyPem is not a PEM private key");
    }
    if (!certificateChainPem.contains("BEGIN CERTIFICATE")) {
      throw new IllegalArgumentException("certificateChainPem holds no PEM certificate");
    }
    return new ServingTls(privateKeyPem, certificateChainPem, null);
  }

  public static ServingTls of(KeyManagerFactory keyManagerFactory) {
    return new ServingTls(
        null, null, Objects.requireNonNull(keyManagerFactory, "keyManagerFactory"));
  }

  void applyTo(ServerBuilder sb) {
    if (keyManagerFactory != null) {
      sb.tls(keyManagerFactory);
    } else {
      sb.tls(
          TlsKeyPair.of(
              new ByteArrayInputStream(privateKeyPem.getBytes(StandardCharsets.US_ASCII)),
              new ByteArrayInputStream(certificateChainPem.getBytes(StandardCharsets.US_ASCII))));
    }
  }

  @Override
  public String toString() {
    return keyManagerFactory != null
        ? "ServingTls[keyManagerFactory]"
        : "ServingTls[pem, key hidden]";
  }
}
