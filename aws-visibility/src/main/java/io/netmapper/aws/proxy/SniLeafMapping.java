package io.netmapper.aws.proxy;

import io.netmapper.aws.ca.LeafCertificates;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * SNI → the leaf for that host, issued off the event loop. Hosts outside the allowed suffixes get
 * no certificate at all: the proxy is not a CA for arbitrary names.
 */
final class SniLeafMapping implements AsyncMapping<String, SslContext> {

  /** An SNI the proxy refuses; stackless, it is an expected condition. */
  static final class RejectedSni extends Exception {
    final String reason;

    RejectedSni(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }
  }

  private final LeafCertificates leaves;
  private final HostPolicy policy;
  private final Executor blocking;

  SniLeafMapping(LeafCertificates leaves, HostPolicy policy, Executor blocking) {
    this.leaves = leaves;
    this.policy = policy;
    this.blocking = blocking;
  }

  @Override
  public Future<SslContext> map(String hostname, Promise<SslContext> promise) {
    if (hostname == null) {
      return promise.setFailure(new RejectedSni("no_sni"));
    }
    String host = hostname.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!policy.allowed(host)) {
      return promise.setFailure(new RejectedSni("sni_not_allowed"));
    }
    String h = host;
    try {
      blocking.execute(
          () -> {
            try {
              promise.trySuccess(leaves.serverContext(h));
            } catch (RuntimeException e) {
              promise.tryFailure(e);
            }
          });
    } catch (RejectedExecutionException e) {
      promise.tryFailure(new RejectedSni("shutting_down"));
    }
    return promise;
  }
}
