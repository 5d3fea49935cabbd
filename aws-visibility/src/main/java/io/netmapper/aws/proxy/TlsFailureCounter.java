package io.netmapper.aws.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the SNI/TLS handler of each HTTPS connection: records the SNI host for the HTTP
 * handler, counts each failed TLS setup once by reason, and closes such connections.
 */
final class TlsFailureCounter extends ChannelInboundHandlerAdapter {

  static final AttributeKey<String> SNI_HOST = AttributeKey.valueOf("netmapper.sniHost");
  private static final Logger LOG = LoggerFactory.getLogger(TlsFailureCounter.class);

  private final ProxyMetrics metrics;
  private boolean counted;

  TlsFailureCounter(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SniCompletionEvent sni) {
      if (sni.isSuccess()) {
        ctx.channel().attr(SNI_HOST).set(sni.hostname().toLowerCase(Locale.ROOT));
      } else {
        Throwable cause = rootCause(sni.cause());
        count(ctx, cause instanceof SniLeafMapping.RejectedSni r ? r.reason : "certificate",
            sni.hostname());
      }
    } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
      count(ctx, "handshake", ctx.channel().attr(SNI_HOST).get());
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = rootCause(cause);
    if (root instanceof NotSslRecordException) {
      count(ctx, "not_tls", null);
    } else if (root instanceof SSLException || root instanceof SniLeafMapping.RejectedSni) {
      count(ctx, "handshake", ctx.channel().attr(SNI_HOST).get());
    }
    ctx.close();
  }

  private void count(ChannelHandlerContext ctx, String reason, String host) {
    if (counted) {
      return;
    }
    counted = true;
    metrics.tlsFailure(reason);
    LOG.debug("TLS setup failed for {} (sni {}): {}", ctx.channel().remoteAddress(), host, reason);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c != null && c.getCause() != null && c.getCause() != c) {
      if (c instanceof SniLeafMapping.RejectedSni || c instanceof NotSslRecordException) {
        return c;
      }
      c = c.getCause();
    }
    return c;
  }
}
