package io.netmapper.aws.ca;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one key and chain. Handing Netty a KeyManager instead of key + chain skips the PKCS12
 * key store it would build (and password-encrypt) per context, which made issuing a leaf cost ~30
 * ms instead of well under one.
 */
final class LeafKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "leaf";
  private final PrivateKey key;
  private final X509Certificate[] chain;

  LeafKeyManager(IssuedCertificate issued) {
    this.key = issued.privateKey();
    this.chain = issued.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private boolean matches(String keyType) {
    return keyType.equalsIgnoreCase(key.getAlgorithm())
        || ("EC".equals(key.getAlgorithm()) && keyType.startsWith("EC"));
  }
}
