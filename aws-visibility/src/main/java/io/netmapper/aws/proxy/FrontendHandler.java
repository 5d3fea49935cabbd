package io.netmapper.aws.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One client connection: checks each request's host, forwards the request as decoded HTTP objects
 * to one upstream connection ({@link Upstream}) and relays the upstream's response objects back.
 * Requests and responses pair up in order (HTTP/1.1), tracked as {@link Exchange}s. All state is
 * touched on this channel's event loop only.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

  /** One forwarded request, until its final response has been relayed. */
  static final class Exchange {
    final boolean head;
    final boolean clientKeepAlive;
    boolean responseStarted;
    boolean closeAfterResponse;
    String outcome = "none";

    Exchange(HttpRequest request) {
      this.head = HttpMethod.HEAD.equals(request.method());
      this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    }
  }

  private final ProxyContext px;
  private final String scheme;
  private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>();
  private Channel client;
  private Upstream upstream;
  private RequestInspection inspecting;
  private boolean refusing;
  private boolean informational;

  FrontendHandler(ProxyContext px, String scheme) {
    this.px = px;
    this.scheme = scheme;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    client = ctx.channel();
    px.metrics().open(scheme).incrementAndGet();
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    px.metrics().open(scheme).decrementAndGet();
    if (inspecting != null) {
      inspecting.abandon();
      inspecting = null;
    }
    for (Exchange ex : exchanges) {
      px.metrics().request(scheme, "client_closed");
    }
    exchanges.clear();
    if (upstream != null) {
      upstream.close();
      upstream = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refusing || !(msg instanceof HttpObject obj)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (obj.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      Throwable cause = obj.decoderResult().cause();
      String reason = cause instanceof TooLongFrameException ? "too_long" : "bad_syntax";
      px.metrics().malformed(scheme, reason);
      refuse(HttpResponseStatus.BAD_REQUEST, "malformed request");
      return;
    }
    if (msg instanceof HttpRequest request) {
      onHead(request);
    }
    if (!refusing && msg instanceof HttpContent content) {
      if (inspecting != null) {
        inspecting.onContent(content.content(), content instanceof LastHttpContent);
      }
      if (content instanceof LastHttpContent) {
        inspecting = null;
      }
      px.metrics().bytesUp(content.content().readableBytes());
      upstream.send(content);
    } else if (refusing) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(HttpRequest request) {
    String headerHost = HostPolicy.hostOfHeader(request.headers().get(HttpHeaderNames.HOST));
    String host;
    if ("https".equals(scheme)) {
      host = client.attr(TlsFailureCounter.SNI_HOST).get();
      if (request.headers().contains(HttpHeaderNames.HOST) && !host.equals(headerHost)) {
        px.metrics().rejectedHost(scheme, "host_mismatch");
        refuse(HttpResponseStatus.MISDIRECTED_REQUEST, "Host does not match the TLS server name");
        return;
      }
    } else {
      if (headerHost == null) {
        px.metrics().malformed(scheme, "missing_host");
        refuse(HttpResponseStatus.BAD_REQUEST, "missing or invalid Host header");
        return;
      }
      host = headerHost;
      if (!px.policy().allowed(host)) {
        px.metrics().rejectedHost(scheme, "not_allowed");
        refuse(HttpResponseStatus.FORBIDDEN, "host not allowed");
        return;
      }
      if (upstream != null && !upstream.host().equals(host)) {
        px.metrics().rejectedHost(scheme, "host_changed");
        refuse(HttpResponseStatus.MISDIRECTED_REQUEST, "one host per connection");
        return;
      }
    }
    exchanges.add(new Exchange(request));
    var peer = (InetSocketAddress) client.remoteAddress();
    inspecting =
        new RequestInspection(
            peer.getAddress(),
            host,
            request,
            px.clock().instant(),
            px.config().maxInspectBytes(),
            px.listener(),
            px.metrics());
    if (upstream == null || upstream.isClosed()) {
      upstream = new Upstream(px, this, client, host, "https".equals(scheme));
    }
    upstream.send(request);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (upstream != null) {
      upstream.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (upstream != null) {
      upstream.setAutoRead(client.isWritable());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent && exchanges.isEmpty()) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** A response object from {@link Upstream}, relayed as is. */
  void relay(HttpObject msg) {
    Exchange ex = exchanges.peek();
    if (msg instanceof HttpResponse response) {
      informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (ex == null) {
        ReferenceCountUtil.release(msg);
        upstreamFailed("unsolicited_response", HttpResponseStatus.BAD_GATEWAY);
        return;
      }
      if (!informational) {
        ex.responseStarted = true;
        ex.outcome = response.status().code() / 100 + "xx";
        boolean delimitedByClose =
            !ex.head
                && !HttpUtil.isContentLengthSet(response)
                && !HttpUtil.isTransferEncodingChunked(response)
                && response.status().code() != 204
                && response.status().code() != 304;
        ex.closeAfterResponse =
            !ex.clientKeepAlive || !HttpUtil.isKeepAlive(response) || delimitedByClose;
      }
    }
    if (msg instanceof HttpContent content && !informational) {
      px.metrics().bytesDown(content.content().readableBytes());
    }
    client.write(msg);
    if (msg instanceof LastHttpContent) {
      if (informational) {
        informational = false;
      } else if (ex != null) {
        exchanges.poll();
        px.metrics().request(scheme, ex.outcome);
        if (ex.closeAfterResponse) {
          client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
      }
    }
    if (!client.isWritable()) {
      upstream.setAutoRead(false);
    }
  }

  void flushClient() {
    client.flush();
  }

  /** The client may send again once the upstream has room (or is connected). */
  void upstreamWritable(boolean writable) {
    if (!refusing) {
      client.config().setAutoRead(writable);
    }
  }

  boolean awaitingResponse() {
    return !exchanges.isEmpty();
  }

  boolean responseStarted() {
    Exchange ex = exchanges.peek();
    return ex != null && ex.responseStarted;
  }

  /**
   * The upstream failed. Before any response byte the client gets {@code status}; after, all we can
   * do is close, as the response is cut short.
   */
  void upstreamFailed(String reason, HttpResponseStatus status) {
    px.metrics().upstreamError(reason);
    Upstream failed = upstream;
    upstream = null;
    if (failed != null) {
      Upstream.LOG.info(
          "upstream {} failed for client {}: {}", failed.host(), client.remoteAddress(), reason);
      failed.close();
    }
    Exchange ex = exchanges.peek();
    if (ex == null) {
      return;
    }
    if (ex.responseStarted) {
      px.metrics().request(scheme, "upstream_aborted");
      exchanges.clear();
      client.close();
      return;
    }
    px.metrics().request(scheme, status.code() == 504 ? "gateway_timeout" : "bad_gateway");
    exchanges.clear();
    refuse(status, status.code() == 504 ? "upstream timed out" : "upstream unavailable");
  }

  /** An error answer, then close; the rest of the connection's input is dropped. */
  private void refuse(HttpResponseStatus status, String message) {
    refusing = true;
    if (inspecting != null) {
      inspecting.abandon();
      inspecting = null;
    }
    client.config().setAutoRead(true);
    if (!exchanges.isEmpty()) {
      // an answer now would be taken for an earlier request's response
      client.close();
      return;
    }
    client
        .writeAndFlush(ErrorResponses.text(status, message))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
