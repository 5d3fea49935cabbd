package io.netmapper.kafkawatcher.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AuthorizerLogParserTest {
  static final String KRAFT_ALLOWED =
      "[2026-11-26 03:32:54,786] DEBUG Principal = User:ANONYMOUS is Allowed operation = WRITE"
          + " from host = 127.0.0.1 on resource = Topic:LITERAL:orders for request = Produce with resourceRefCount = 1"
          + " based on rule MatchingAcl(acl=StandardAcl(resourceType=TOPIC, resourceName=orders, patternType=LITERAL,"
          + " principal=User:*, host=*, operation=WRITE, permissionType=ALLOW)) (kafka.authorizer.logger)";
  static final String KRAFT_DENIED =
      "[2026-11-26 03:32:55,001] INFO Principal = User:mallory is Denied operation = READ"
          + " from host = 10.244.1.7 on resource = Topic:LITERAL:payments for request = Fetch with resourceRefCount = 1"
          + " based on rule DefaultDeny (kafka.authorizer.logger)";
  static final String ACL_AUTHORIZER =
      "[2019-05-01 10:00:00,123] INFO Principal = User:bob is Denied Operation = Describe"
          + " from host = 10.0.0.7 on resource = Topic:LITERAL:orders for request = Metadata with resourceRefCount = 1"
          + " (kafka.authorizer.logger)";

  final AuthorizerLogParser parser = new AuthorizerLogParser();

  AuthorizerEvent matched(String line) {
    ParseResult r = parser.parse(line);
    assertThat(r).isInstanceOf(ParseResult.Matched.class);
    return ((ParseResult.Matched) r).event();
  }

  @Test
  void kraftStandardAuthorizer_allowedLine_isReadCompletely() {
    AuthorizerEvent e = matched(KRAFT_ALLOWED);
    assertThat(e)
        .isEqualTo(
            new AuthorizerEvent(
                Instant.parse("2026-11-26T03:32:54.786Z").toEpochMilli(),
                "User:ANONYMOUS",
                true,
                "WRITE",
                "127.0.0.1",
                "Topic",
                "LITERAL",
                "orders",
                "Produce"));
    assertThat(e.isTopic()).isTrue();
  }

  @Test
  void kraftDeniedLine_atInfo_isDenied() {
    AuthorizerEvent e = matched(KRAFT_DENIED);
    assertThat(e.allowed()).isFalse();
    assertThat(e.operation()).isEqualTo("READ");
    assertThat(e.host()).isEqualTo("10.244.1.7");
    assertThat(e.resourceName()).isEqualTo("payments");
    assertThat(e.request()).isEqualTo("Fetch");
  }

  @Test
  void olderAclAuthorizerLine_withCapitalOperation_andNoRule() {
    AuthorizerEvent e = matched(ACL_AUTHORIZER);
    assertThat(e)
        .isEqualTo(
            new AuthorizerEvent(
                Instant.parse("2019-05-01T10:00:00.123Z").toEpochMilli(),
                "User:bob",
                false,
                "Describe",
                "10.0.0.7",
                "Topic",
                "LITERAL",
                "orders",
                "Metadata"));
  }

  @Test
  void prefixedResource_keepsThePatternType() {
    AuthorizerEvent e =
        matched(KRAFT_ALLOWED.replace("Topic:LITERAL:orders", "Topic:PREFIXED:orders-"));
    assertThat(e.patternType()).isEqualTo("PREFIXED");
    assertThat(e.resourceName()).isEqualTo("orders-");
  }

  @Test
  void groupResource_withColonsInItsName_isAGroup() {
    AuthorizerEvent e =
        matched(
            KRAFT_ALLOWED
                .replace("Topic:LITERAL:orders", "Group:LITERAL:app:consumers:v2")
                .replace("operation = WRITE", "operation = READ")
                .replace("Produce", "JoinGroup"));
    assertThat(e.isGroup()).isTrue();
    assertThat(e.resourceName()).isEqualTo("app:consumers:v2");
  }

  @Test
  void pre20ResourceWithoutPatternType_isLiteral() {
    AuthorizerEvent e = matched(ACL_AUTHORIZER.replace("Topic:LITERAL:orders", "Topic:orders"));
    assertThat(e.patternType()).isEqualTo("LITERAL");
    assertThat(e.resourceName()).isEqualTo("orders");
  }

  @Test
  void principalWithSpacesAndCommas_tlsDistinguishedName() {
    AuthorizerEvent e =
        matched(KRAFT_ALLOWED.replace("User:ANONYMOUS", "User:CN=checkout, OU=shop, O=Example"));
    assertThat(e.principal()).isEqualTo("User:CN=checkout, OU=shop, O=Example");
    assertThat(e.resourceName()).isEqualTo("orders");
  }

  @Test
  void anyPrefix_strimziLayoutWithThreadSuffix_isRead() {
    String strimzi =
        "2026-11-26 03:32:54,78600 DEBUG Principal = User:ANONYMOUS is Allowed operation = DESCRIBE from host"
            + " = 10.244.0.9 on resource = Topic:LITERAL:orders for request = Metadata with resourceRefCount = 1 based on"
            + " rule MatchingAcl(...) (kafka.authorizer.logger) [data-plane-kafka-request-handler-3]";
    AuthorizerEvent e = matched(strimzi);
    assertThat(e.timeMillis()).isEqualTo(Instant.parse("2026-11-26T03:32:54.786Z").toEpochMilli());
    assertThat(e.operation()).isEqualTo("DESCRIBE");
  }

  @Test
  void isoTimestampWithOffset_andLevelFirst() {
    AuthorizerEvent e =
        matched(
            "TRACE 2026-11-26T04:32:54.5+01:00 [kafka.authorizer.logger] Principal = User:a is Allowed"
                + " operation = READ from host = ::1 on resource = Topic:LITERAL:t for request = Fetch");
    assertThat(e.timeMillis()).isEqualTo(Instant.parse("2026-11-26T03:32:54.500Z").toEpochMilli());
    assertThat(e.host()).isEqualTo("::1");
  }

  @Test
  void timestampWithoutOffset_isReadInTheConfiguredZone() {
    AuthorizerEvent e =
        new AuthorizerLogParser(ZoneId.of("Europe/Berlin")).parse(ACL_AUTHORIZER)
                instanceof ParseResult.Matched m
            ? m.event()
            : null;
    assertThat(e).isNotNull();
    assertThat(e.timeMillis()).isEqualTo(Instant.parse("2019-05-01T08:00:00.123Z").toEpochMilli());
  }

  @Test
  void lineWithoutTimestamp_hasNoTime() {
    assertThat(matched(ACL_AUTHORIZER.substring(ACL_AUTHORIZER.indexOf("INFO"))).timeMillis())
        .isEqualTo(-1);
  }

  @Test
  void otherBrokerLines_areIgnoredNotMalformed() {
    assertThat(
            parser.parse(
                "[2026-11-26 03:32:50,000] INFO [KafkaRaftServer nodeId=1] Kafka Server started (kafka.server.KafkaRaftServer)"))
        .isInstanceOf(ParseResult.Ignored.class);
    assertThat(parser.parse("")).isInstanceOf(ParseResult.Ignored.class);
  }

  @Test
  void malformedAndPartialLines_areCountedWithAReason() {
    assertThat(
            parser.parse(
                "[2026-11-26 03:32:54,786] DEBUG Principal = User:x is Maybe operation = WRITE"))
        .isEqualTo(new ParseResult.Malformed("no_decision"));
    assertThat(parser.parse(KRAFT_ALLOWED.substring(0, 90)))
        .isEqualTo(new ParseResult.Malformed("no_host"));
    assertThat(parser.parse(KRAFT_ALLOWED.substring(0, 100)))
        .isEqualTo(new ParseResult.Malformed("no_resource"));
    // cut in the middle of the topic name: never taken as topic "ord"
    assertThat(parser.parse(KRAFT_ALLOWED.substring(0, KRAFT_ALLOWED.indexOf("orders") + 3)))
        .isEqualTo(new ParseResult.Malformed("no_request"));
    assertThat(parser.parse(KRAFT_ALLOWED.replace("operation = WRITE", "verb = WRITE")))
        .isEqualTo(new ParseResult.Malformed("no_operation"));
    assertThat(parser.parse(KRAFT_ALLOWED.replace("Topic:LITERAL:orders", "orders")))
        .isEqualTo(new ParseResult.Malformed("bad_resource"));
    assertThat(parser.parse(KRAFT_ALLOWED.replace("Topic:LITERAL:orders", "Topic:LITERAL:")))
        .isEqualTo(new ParseResult.Malformed("bad_resource"));
    assertThat(parser.parse(KRAFT_ALLOWED.replace("operation = WRITE", "operation = ")))
        .isEqualTo(new ParseResult.Malformed("bad_operation"));
  }

  @Test
  void garbageBytes_neverThrow() {
    java.util.Random random = new java.util.Random(42);
    for (int n = 0; n < 20_000; n++) {
      String base = n % 2 == 0 ? KRAFT_ALLOWED : ACL_AUTHORIZER;
      char[] chars = base.toCharArray();
      int cut = random.nextInt(chars.length + 1);
      for (int k = 0; k < 1 + random.nextInt(6); k++) {
        chars[random.nextInt(chars.length)] = (char) random.nextInt(0x3000);
      }
      ParseResult r = parser.parse(new String(chars, 0, cut));
      assertThat(r).isNotNull();
      if (r instanceof ParseResult.Matched m) {
        assertThat(m.event().operation()).doesNotContain(" ").isNotEmpty();
        assertThat(m.event().resourceName()).isNotEmpty();
      }
    }
  }
}
