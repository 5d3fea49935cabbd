package io.netmapper.aws.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM in and out, through BouncyCastle; JDK providers do the crypto. */
final class Pem {

  private Pem() {}

  static String certificates(List<X509Certificate> certificates) {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      for (var c : certificates) {
        writer.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** PKCS#8 ("BEGIN PRIVATE KEY"), the form every TLS stack reads. */
  static String privateKey(PrivateKey key) {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The first certificate in {@code pem}; IllegalArgumentException when there is none. */
  static X509Certificate parseCertificate(String pem) {
    Object first = firstObject(pem, "certificate");
    if (!(first instanceof X509CertificateHolder holder)) {
      throw new IllegalArgumentException("not a PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable certificate: " + e.getMessage());
    }
  }

  /** A PKCS#8 or traditional (SEC1/PKCS#1) private key; IllegalArgumentException otherwise. */
  static PrivateKey parsePrivateKey(String pem) {
    Object first = firstObject(pem, "private key");
    try {
      var converter = new JcaPEMKeyConverter();
      if (first instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (first instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      // the message names the algorithm problem, never key material
      throw new IllegalArgumentException("unreadable private key: " + e.getMessage());
    }
    throw new IllegalArgumentException("not a PEM private key");
  }

  private static Object firstObject(String pem, String what) {
    try (var parser = new PEMParser(new StringReader(pem))) {
      Object first = parser.readObject();
      if (first == null) {
        throw new IllegalArgumentException("no PEM " + what + " found");
      }
      return first;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM " + what + ": " + e.getMessage());
    }
  }
}
