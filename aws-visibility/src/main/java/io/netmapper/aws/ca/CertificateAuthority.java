package io.netmapper.aws.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The visibility CA: an EC P-256 key and a self-signed certificate valid for ten years. Issues the
 * leaf certificates the proxy presents and the webhook's serving certificate. The private key
 * leaves this object only as PEM for its Secret ({@link #privateKeyPem()}).
 */
public final class CertificateAuthority {

  public static final String COMMON_NAME = "netmapper AWS visibility CA";
  static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /** Leaves start an hour in the past so a pod whose clock lags a little still accepts them. */
  static final Duration BACKDATE = Duration.ofHours(1);

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final Clock clock;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, Clock clock) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.clock = clock;
  }

  /** A new CA, valid from now (backdated an hour) for ten years. */
  public static CertificateAuthority generate(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    var subject = new X500Principal("CN=" + COMMON_NAME);
    try {
      var extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  randomSerial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_VALIDITY)),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate(), clock);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the CA certificate", e);
    }
  }

  /**
   * The CA from its PEM certificate and key. IllegalArgumentException with a readable message when
   * either is malformed, the certificate is no CA, is expired, or the key does not match it.
   */
  public static CertificateAuthority fromPem(
      String certificatePem, String privateKeyPem, Clock clock) {
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    X509Certificate cert = Pem.parseCertificate(certificatePem);
    PrivateKey key = Pem.parsePrivateKey(privateKeyPem);
    if (cert.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "certificate "
              + cert.getSubjectX500Principal().getName()
              + " is not a CA (no basicConstraints CA:true)");
    }
    if (cert.getNotAfter().toInstant().isBefore(clock.instant())) {
      throw new IllegalArgumentException(
          "CA certificate expired at " + cert.getNotAfter().toInstant());
    }
    if (!keyMatches(cert, key)) {
      throw new IllegalArgumentException("the private key does not belong to the CA certificate");
    }
    return new CertificateAuthority(cert, key, clock);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.certificates(List.of(certificate));
  }

  /** PKCS#8 PEM of the CA key: only for the CA Secret. */
  String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  /** The trust material for opted-in pods (see {@link TrustBundles}). */
  public CaBundle caBundle() {
    return TrustBundles.of(certificate);
  }

  /**
   * A fresh key and a certificate for {@code dnsNames} (the first is also the subject CN), valid
   * for {@code validity}, chained to this CA. For the webhook's serving certificate, e.g. {@code
   * netmapper-aws-visibility.<ns>.svc}.
   */
  public IssuedCertificate issue(List<String> dnsNames, Duration validity) {
    return issue(dnsNames, validity, newKeyPair());
  }

  IssuedCertificate issue(List<String> dnsNames, Duration validity, KeyPair keys) {
    if (dnsNames.isEmpty()) {
      throw new IllegalArgumentException("no DNS name to issue for");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = certificate.getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    var names = new ArrayList<GeneralName>();
    for (String name : dnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, name));
    }
    try {
      var extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate.getSubjectX500Principal(),
                  randomSerial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  new X500Principal("CN=" + dnsNames.get(0)),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(names.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(certificate));
      return new IssuedCertificate(
          keys.getPrivate(), List.of(sign(builder, privateKey), certificate));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + dnsNames, e);
    }
  }

  static KeyPair newKeyPair() {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 in this JVM", e);
    }
  }

  private static BigInteger randomSerial() {
    // 159 random bits: positive and within the 20 octets RFC 5280 allows
    return new BigInteger(159, RANDOM);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static boolean keyMatches(X509Certificate cert, PrivateKey key) {
    try {
      String algorithm = "EC".equals(key.getAlgorithm()) ? SIGNATURE : "SHA256withRSA";
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      var signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      var verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority["
        + certificate.getSubjectX500Principal().getName()
        + ", notAfter="
        + certificate.getNotAfter().toInstant()
        + "]";
  }
}
