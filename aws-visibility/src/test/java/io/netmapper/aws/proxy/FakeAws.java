package io.netmapper.aws.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback stand-in for AWS: HTTPS (certificate from {@link TestPki#FAKE_PUBLIC_CA}) and plain
 * HTTP, enough S3, SQS (JSON) and DynamoDB for the real SDK clients. Records every request head
 * exactly as it arrived (header names' case and order kept) plus the raw body.
 */
public final class FakeAws implements AutoCloseable {

  /** A request as received: headers in wire order, body still encoded (e.g. aws-chunked). */
  public record Received(
      String method,
      String uri,
      List<Map.Entry<String, String>> headers,
      byte[] rawBody,
      List<Map.Entry<String, String>> trailers) {}

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final Map<String, JsonNode> items = new ConcurrentHashMap<>();
  final List<String> queue = new CopyOnWriteArrayList<>();
  public final List<Received> received = new CopyOnWriteArrayList<>();
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel https;
  private final Channel http;

  public FakeAws() throws Exception {
    SslContext tls =
        SslContextBuilder.forServer(
                TestPki.FAKE_AWS_CERT.privateKey(),
                TestPki.FAKE_AWS_CERT.chain().toArray(X509Certificate[]::new))
            .build();
    https = listen(tls);
    http = listen(null);
  }

  public int httpsPort() {
    return ((InetSocketAddress) https.localAddress()).getPort();
  }

  public int httpPort() {
    return ((InetSocketAddress) http.localAddress()).getPort();
  }

  public byte[] object(String bucket, String key) {
    return objects.get(bucket + "/" + key);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Channel listen(SslContext tls) throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                  ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                }
                ch.pipeline()
                    .addLast(
                        new HttpServerCodec(),
                        new Recorder(),
                        new HttpObjectAggregator(64 << 20),
                        new ChunkedWriteHandler(),
                        new Api());
              }
            })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
  }

  /** Keeps the head as it came off the wire, before the aggregator rewrites length headers. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest r) {
        var headers = new ArrayList<Map.Entry<String, String>>();
        r.headers().forEach(headers::add);
        ctx.channel()
            .attr(io.netty.util.AttributeKey.<List<Map.Entry<String, String>>>valueOf("head"))
            .set(headers);
      }
      ctx.fireChannelRead(msg);
    }
  }

  private final class Api extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
      List<Map.Entry<String, String>> head =
          ctx.channel()
              .attr(io.netty.util.AttributeKey.<List<Map.Entry<String, String>>>valueOf("head"))
              .get();
      var trailers = new ArrayList<Map.Entry<String, String>>();
      req.trailingHeaders().forEach(trailers::add);
      byte[] body = ByteBufUtil.getBytes(req.content());
      received.add(new Received(req.method().name(), req.uri(), head, body, trailers));
      String target = req.headers().get("X-Amz-Target", "");
      String host = req.headers().get(HttpHeaderNames.HOST, "").replaceFirst(":\\d+$", "");
      if (req.uri().startsWith("/status/")) {
        int code = Integer.parseInt(req.uri().substring("/status/".length()).split("\\?")[0]);
        send(
            ctx,
            req,
            full(
                HttpResponseStatus.valueOf(code),
                "text/plain",
                ("fake says " + code).getBytes(StandardCharsets.UTF_8)));
      } else if (target.startsWith("AmazonSQS.")) {
        send(ctx, req, json(sqs(target.substring(10), JSON.readTree(body))));
      } else if (target.startsWith("DynamoDB_20120810.")) {
        send(ctx, req, json(dynamo(target.substring(18), JSON.readTree(body))));
      } else if (host.startsWith("s3.") || host.contains(".s3.")) {
        s3(ctx, req, host, body);
      } else {
        send(ctx, req, full(HttpResponseStatus.BAD_REQUEST, "text/plain", new byte[0]));
      }
    }

    private void s3(ChannelHandlerContext ctx, FullHttpRequest req, String host, byte[] body)
        throws Exception {
      String path = req.uri().split("\\?", 2)[0];
      String bucketKey =
          host.contains(".s3.")
              ? host.substring(0, host.indexOf(".s3.")) + path
              : path.substring(1);
      if (req.method().equals(HttpMethod.PUT)) {
        byte[] payload =
            req.headers().get("x-amz-content-sha256", "").startsWith("STREAMING-")
                ? AwsChunked.decode(body, req.headers())
                : body;
        objects.put(bucketKey, payload);
        var ok = full(HttpResponseStatus.OK, null, new byte[0]);
        ok.headers().set(HttpHeaderNames.ETAG, "\"" + hex("MD5", payload) + "\"");
        send(ctx, req, ok);
        return;
      }
      if (req.uri().contains("list-type=2")) {
        String bucket =
            bucketKey.endsWith("/") ? bucketKey.substring(0, bucketKey.length() - 1) : bucketKey;
        var xml =
            new StringBuilder(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>")
                .append(bucket)
                .append("</Name><KeyCount>");
        var keys =
            objects.keySet().stream().filter(k -> k.startsWith(bucket + "/")).sorted().toList();
        xml.append(keys.size()).append("</KeyCount><IsTruncated>false</IsTruncated>");
        for (String k : keys) {
          xml.append("<Contents><Key>")
              .append(k.substring(bucket.length() + 1))
              .append("</Key><Size>")
              .append(objects.get(k).length)
              .append("</Size></Contents>");
        }
        xml.append("</ListBucketResult>");
        send(
            ctx,
            req,
            full(
                HttpResponseStatus.OK,
                "application/xml",
                xml.toString().getBytes(StandardCharsets.UTF_8)));
        return;
      }
      byte[] data = objects.get(bucketKey);
      if (data == null) {
        send(
            ctx,
            req,
            full(
                HttpResponseStatus.NOT_FOUND,
                "application/xml",
                ("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                        + "</Error>")
                    .getBytes(StandardCharsets.UTF_8)));
        return;
      }
      var response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, data.length)
          .set(HttpHeaderNames.ETAG, "\"" + hex("MD5", data) + "\"");
      if (req.method().equals(HttpMethod.HEAD)) {
        ctx.write(response);
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        return;
      }
      ctx.write(response);
      // streamed in 64 KiB pieces as the socket takes them
      ctx.writeAndFlush(
          new HttpChunkedInput(new ChunkedStream(new ByteArrayInputStream(data), 64 * 1024)));
    }

    private JsonNode sqs(String op, JsonNode in) throws Exception {
      ObjectNode out = JSON.createObjectNode();
      if (op.equals("SendMessage")) {
        String body = in.get("MessageBody").asString();
        queue.add(body);
        out.put("MessageId", UUID.randomUUID().toString());
        out.put("MD5OfMessageBody", hex("MD5", body.getBytes(StandardCharsets.UTF_8)));
      } else if (op.equals("ReceiveMessage")) {
        var messages = out.putArray("Messages");
        for (String body : queue) {
          messages
              .addObject()
              .put("MessageId", UUID.randomUUID().toString())
              .put("ReceiptHandle", "rh-" + UUID.randomUUID())
              .put("MD5OfBody", hex("MD5", body.getBytes(StandardCharsets.UTF_8)))
              .put("Body", body);
        }
        queue.clear();
      }
      return out;
    }

    private JsonNode dynamo(String op, JsonNode in) {
      ObjectNode out = JSON.createObjectNode();
      String table = in.get("TableName").asString();
      if (op.equals("PutItem")) {
        JsonNode item = in.get("Item");
        items.put(table + "/" + item.get("id"), item);
      } else if (op.equals("GetItem")) {
        JsonNode item = items.get(table + "/" + in.get("Key").get("id"));
        if (item != null) {
          out.set("Item", item);
        }
      }
      return out;
    }

    private FullHttpResponse json(JsonNode node) throws Exception {
      return full(
          HttpResponseStatus.OK, "application/x-amz-json-1.0", JSON.writeValueAsBytes(node));
    }

    private FullHttpResponse full(HttpResponseStatus status, String type, byte[] body) {
      var r =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
      if (type != null) {
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
      }
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      r.headers().set("x-amzn-RequestId", UUID.randomUUID().toString());
      return r;
    }

    private void send(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r) {
      if (!HttpUtil.isKeepAlive(req)) {
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(r).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
      } else {
        ctx.writeAndFlush(r);
      }
    }
  }

  static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
