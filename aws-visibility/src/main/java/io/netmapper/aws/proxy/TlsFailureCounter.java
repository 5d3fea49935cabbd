package io.netmapper.aws.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
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

  /**
   * First in an HTTPS pipeline: a connection whose first byte is not a TLS handshake record (e.g.
   * plain HTTP sent to the TLS port) is counted as not_tls and closed. Netty's SNI handler would
   * otherwise report it as a hello without SNI.
   */
  static final class FirstRecordCheck extends ChannelInboundHandlerAdapter {
    private static final short HANDSHAKE = 22;
    private final ProxyMetrics metrics;

    FirstRecordCheck(ProxyMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf && buf.isReadable()) {
        if (buf.getUnsignedByte(buf.readerIndex()) != HANDSHAKE) {
          buf.release();
          metrics.tlsFailure("not_tls");
          ctx.close();
          return;
        }
        ctx.pipeline().remove(this);
      }
      ctx.fireChannelRead(msg);
    }
  }

  TlsFailureCounter(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SniCompletionEvent sni) {
      if (sni.isSuccess()) {
        ctx.channel().attr(SNI_HOST).set(sni.hostname().toLowerCase(Locale.ROOT));
      } else {
        count(ctx, reason(rootCause(sni.cause())), sni.hostname());
      }
    } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
      count(ctx, "handshake", ctx.channel().attr(SNI_HOST).get());
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = rootCause(cause);
    if (root instanceof SSLException
        || root instanceof SniLeafMapping.RejectedSni
        || root instanceof TooLongFrameException) {
      count(ctx, reason(root), ctx.channel().attr(SNI_HOST).get());
    }
    ctx.close();
  }

  private static String reason(Throwable root) {
    if (root instanceof SniLeafMapping.RejectedSni rejected) {
      return rejected.reason;
    }
    if (root instanceof NotSslRecordException) {
      return "not_tls";
    }
    if (root instanceof TooLongFrameException) {
      return "client_hello_too_long";
    }
    return root instanceof SSLException ? "handshake" : "certificate";
  }

  private void count(ChannelHandlerContext ctx, String reason, String host) {
    if (counted) {
      return;
    }
    counted = true;
    metrics.tlsFailure(reason);
    if ("sni_not_allowed".equals(reason)) {
      metrics.rejectedHost("https", "not_allowed");
    }
    LOG.debug("TLS setup failed for {} (sni {}): {}", ctx.channel().remoteAddress(), host, reason);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c != null && c.getCause() != null && c.getCause() != c) {
      if (c instanceof SniLeafMapping.RejectedSni || c instanceof SSLException) {
        return c;
      }
      c = c.getCause();
    }
    return c;
  }
}
