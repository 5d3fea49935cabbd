package io.netmapper.kafkawatcher.parse;

/** What a line turned out to be: an authorizer decision, some other log line, or a broken one. */
public sealed interface ParseResult {
  /** An authorizer decision. */
  record Matched(AuthorizerEvent event) implements ParseResult {}

  /** Not an authorizer line (the pod log holds every broker log line): skipped, not an error. */
  record Ignored() implements ParseResult {
    static final Ignored INSTANCE = new Ignored();
  }

  /** Looks like an authorizer line but cannot be read; counted with the reason and skipped. */
  record Malformed(String reason) implements ParseResult {}

  static ParseResult ignored() {
    return Ignored.INSTANCE;
  }
}
