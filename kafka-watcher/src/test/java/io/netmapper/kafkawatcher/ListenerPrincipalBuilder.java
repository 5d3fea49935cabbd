package io.netmapper.kafkawatcher;

import org.apache.kafka.common.security.auth.AuthenticationContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.KafkaPrincipalSerde;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;

/**
 * Test broker principals without SASL: the controller listener is {@code User:ANONYMOUS} (a super
 * user, so the broker can register), every client on the broker listener is {@code User:app}, whose
 * ACLs allow some topics and operations and not others.
 */
public final class ListenerPrincipalBuilder implements KafkaPrincipalBuilder, KafkaPrincipalSerde {
  static final KafkaPrincipal APP = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "app");
  private final DefaultKafkaPrincipalBuilder serde = new DefaultKafkaPrincipalBuilder(null, null);

  @Override
  public KafkaPrincipal build(AuthenticationContext context) {
    return "CONTROLLER".equals(context.listenerName()) ? KafkaPrincipal.ANONYMOUS : APP;
  }

  @Override
  public byte[] serialize(KafkaPrincipal principal) {
    return serde.serialize(principal);
  }

  @Override
  public KafkaPrincipal deserialize(byte[] bytes) {
    return serde.deserialize(bytes);
  }
}
