package io.netmapper.aws.proxy;

import io.netmapper.aws.ca.CaBundle;
import io.netmapper.aws.ca.CertificateAuthority;
import io.netmapper.aws.ca.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test certificates: a stand-in for the public PKI behind the fake AWS, and trust helpers. */
public final class TestPki {

  /** Plays the public CA that signed the real AWS endpoints; unrelated to the proxy's CA. */
  public static final CertificateAuthority FAKE_PUBLIC_CA =
      CertificateAuthority.generate(Clock.systemUTC());

  public static final IssuedCertificate FAKE_AWS_CERT =
      FAKE_PUBLIC_CA.issue(
          List.of(
              "*.eu-central-1.amazonaws.com", "s3.eu-central-1.amazonaws.com",
              "*.s3.eu-central-1.amazonaws.com", "localhost"),
          Duration.ofDays(2));

  private TestPki() {}

  public static TrustManagerFactory trusting(X509Certificate... roots) throws Exception {
    var store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < roots.length; i++) {
      store.setCertificateEntry("root-" + i, roots[i]);
    }
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf;
  }

  /** What an opted-in JVM pod does: load the bundle's PKCS12 trust store with its password. */
  public static TrustManagerFactory fromBundle(CaBundle bundle) throws Exception {
    var store = KeyStore.getInstance("PKCS12");
    store.load(
        new ByteArrayInputStream(bundle.javaTrustStore()),
        bundle.javaTrustStorePassword().toCharArray());
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf;
  }

  public static SSLContext sslContext(TrustManagerFactory tmf) throws Exception {
    var ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
