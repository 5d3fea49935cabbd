package io.netmapper.aws.ca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds {@link CaBundle}: the CA alone, the CA plus the JVM's default trusted roots (PEM), and the
 * same roots as PKCS12. Pods whose SDK replaces the system roots with the bundle must still reach
 * non-AWS HTTPS endpoints, hence the public roots.
 */
final class TrustBundles {

  /**
   * The PKCS12 trust store's password. Not a secret: the store holds public certificates only, and
   * Java insists on a password for PKCS12.
   */
  static final String TRUST_STORE_PASSWORD = "netmapper";

  static final String CA_ALIAS = "netmapper-aws-visibility-ca";

  private TrustBundles() {}

  static CaBundle of(X509Certificate ca) {
    List<X509Certificate> roots = jvmDefaultRoots();
    var all = new ArrayList<X509Certificate>(roots.size() + 1);
    all.add(ca);
    all.addAll(roots);
    return new CaBundle(
        Pem.certificates(List.of(ca)),
        Pem.certificates(all),
        pkcs12(ca, roots),
        TRUST_STORE_PASSWORD);
  }

  static List<X509Certificate> jvmDefaultRoots() {
    try {
      var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      for (var manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return List.of(x509.getAcceptedIssuers());
        }
      }
      return List.of();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the JVM's default trusted roots", e);
    }
  }

  private static byte[] pkcs12(X509Certificate ca, List<X509Certificate> roots) {
    try {
      var store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(CA_ALIAS, ca);
      int i = 0;
      for (var root : roots) {
        store.setCertificateEntry("root-" + i++, root);
      }
      var out = new ByteArrayOutputStream();
      store.store(out, TRUST_STORE_PASSWORD.toCharArray());
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the PKCS12 trust store", e);
    }
  }
}
