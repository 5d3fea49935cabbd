package io.netmapper.aws.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the real endpoint for one client connection, on the client's event loop.
 * Resolves off the loop, connects (TLS verifying the endpoint's certificate and name), and holds
 * what the client sent meanwhile; the client stops being read until the connection is up.
 */
final class Upstream {

  static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

  private final ProxyContext px;
  private final FrontendHandler front;
  private final Channel client;
  private final String host;
  private final boolean tls;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private Channel channel;
  private boolean connected;
  private boolean closed;

  Upstream(ProxyContext px, FrontendHandler front, Channel client, String host, boolean tls) {
    this.px = px;
    this.front = front;
    this.client = client;
    this.host = host;
    this.tls = tls;
    resolveThenConnect();
  }

  String host() {
    return host;
  }

  boolean isClosed() {
    return closed;
  }

  void send(Object msg) {
    if (closed) {
      ReferenceCountUtil.release(msg);
    } else if (connected) {
      channel.write(msg);
      if (!channel.isWritable()) {
        client.config().setAutoRead(false);
      }
    } else {
      pending.add(msg);
    }
  }

  void flush() {
    if (connected && !closed) {
      channel.flush();
    }
  }

  void setAutoRead(boolean autoRead) {
    if (channel != null) {
      channel.config().setAutoRead(autoRead);
    }
  }

  void close() {
    closed = true;
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    if (channel != null) {
      channel.close();
    }
  }

  private void resolveThenConnect() {
    client.config().setAutoRead(false);
    int port = tls ? px.config().upstreamHttpsPort() : px.config().upstreamHttpPort();
    var loop = client.eventLoop();
    try {
      px.blocking()
          .execute(
              () -> {
                InetSocketAddress address;
                try {
                  address = px.resolver().resolve(host, port);
                } catch (Exception e) {
                  address = null;
                }
                InetSocketAddress resolved = address;
                loop.execute(() -> connect(resolved, port));
              });
    } catch (RejectedExecutionException e) {
      fail("shutting_down", HttpResponseStatus.BAD_GATEWAY);
    }
  }

  private void connect(InetSocketAddress address, int port) {
    if (closed) {
      return;
    }
    if (address == null || address.isUnresolved()) {
      fail("resolve", HttpResponseStatus.BAD_GATEWAY);
      return;
    }
    ChannelFuture future =
        new Bootstrap()
            .group(client.eventLoop())
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) px.config().connectTimeout().toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls) {
                      ch.pipeline().addLast(px.upstreamTls().newHandler(ch.alloc(), host, port));
                    }
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(ProxyContext.decoderConfig(), false, false),
                            new IdleStateHandler(
                                true,
                                0,
                                0,
                                px.config().idleTimeout().toMillis(),
                                TimeUnit.MILLISECONDS),
                            new Events());
                  }
                })
            .connect(address);
    channel = future.channel();
    future.addListener(
        f -> {
          if (closed) {
            return;
          }
          if (!f.isSuccess()) {
            boolean timeout = f.cause() instanceof ConnectTimeoutException;
            fail(
                timeout ? "connect_timeout" : "connect_failed",
                timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY);
            return;
          }
          connected = true;
          // the TLS handler holds these until its handshake is done
          for (Object msg; (msg = pending.poll()) != null; ) {
            channel.write(msg);
          }
          channel.flush();
          front.upstreamWritable(channel.isWritable());
        });
  }

  private void fail(String reason, HttpResponseStatus status) {
    if (!closed) {
      front.upstreamFailed(reason, status);
    }
  }

  /** The upstream channel's events, each checked against this being the live connection. */
  private final class Events extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (closed || !(msg instanceof HttpObject obj)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (obj.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        fail("bad_response", HttpResponseStatus.BAD_GATEWAY);
        return;
      }
      front.relay(obj);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      front.flushClient();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (!closed) {
        front.upstreamWritable(ctx.channel().isWritable());
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
        fail("tls", HttpResponseStatus.BAD_GATEWAY);
      } else if (evt instanceof IdleStateEvent && !closed) {
        if (!front.awaitingResponse()) {
          closed = true;
          ctx.close();
        } else if (ctx.channel().config().isAutoRead()) {
          // paused for a slow client is not idle; silent while a response is due is
          fail(
              "read_timeout",
              front.responseStarted()
                  ? HttpResponseStatus.BAD_GATEWAY
                  : HttpResponseStatus.GATEWAY_TIMEOUT);
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!closed) {
        closed = true;
        if (front.awaitingResponse()) {
          front.upstreamFailed("closed", HttpResponseStatus.BAD_GATEWAY);
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(
          cause instanceof SSLException || cause.getCause() instanceof SSLException ? "tls" : "io",
          HttpResponseStatus.BAD_GATEWAY);
    }
  }
}
