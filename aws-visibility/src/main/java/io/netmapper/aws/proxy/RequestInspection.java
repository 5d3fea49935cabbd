package io.netmapper.aws.proxy;

import io.netmapper.aws.recognize.AwsRequest;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what the listener needs from one request while it is being forwarded, and tells the
 * listener exactly once: at the head when the body is not captured, else when the body ends or
 * outgrows the cap. Forwarding never waits for this.
 */
final class RequestInspection {

  private static final Logger LOG = LoggerFactory.getLogger(RequestInspection.class);

  /** Bodies that name resources or operations (JSON/query protocols, XML batch calls). */
  private static final List<String> CAPTURED_TYPES =
      List.of(
          "application/x-amz-json",
          "application/json",
          "application/x-www-form-urlencoded",
          "text/plain",
          "application/xml",
          "text/xml");

  private final InetAddress client;
  private final Instant at;
  private final int max;
  private final ProxiedRequestListener listener;
  private final ProxyMetrics metrics;
  private final String method;
  private final String host;
  private final String path;
  private final String rawQuery;
  private final Map<String, String> headers;
  private ByteArrayOutputStream captured;
  private boolean told;

  RequestInspection(
      InetAddress client,
      String host,
      HttpRequest head,
      Instant at,
      int max,
      ProxiedRequestListener listener,
      ProxyMetrics metrics) {
    this.client = client;
    this.at = at;
    this.max = max;
    this.listener = listener;
    this.metrics = metrics;
    this.method = head.method().name();
    this.host = host;
    String uri = rawPathAndQuery(head.uri());
    int q = uri.indexOf('?');
    this.path = q < 0 ? uri : uri.substring(0, q);
    this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
    var entries = new ArrayList<Map.Entry<String, String>>();
    head.headers().forEach(entries::add);
    this.headers = AwsRequest.headersOf(entries);
    long length = HttpUtil.getContentLength(head, -1L);
    boolean chunked = HttpUtil.isTransferEncodingChunked(head);
    if (length == 0 || (length < 0 && !chunked)) {
      tell(new byte[0], true);
    } else if (captures(head, length)) {
      captured = new ByteArrayOutputStream((int) Math.min(max, length < 0 ? 1024 : length));
    } else {
      tell(new byte[0], false);
    }
  }

  void onContent(ByteBuf content, boolean last) {
    if (told) {
      return;
    }
    int room = max - captured.size();
    int readable = content.readableBytes();
    int n = Math.min(room, readable);
    if (n > 0) {
      byte[] copy = new byte[n];
      content.getBytes(content.readerIndex(), copy);
      captured.writeBytes(copy);
    }
    if (readable > room) {
      tell(captured.toByteArray(), false);
    } else if (last) {
      tell(captured.toByteArray(), true);
    }
  }

  /** The connection ended before the body did: tell what we have rather than nothing. */
  void abandon() {
    if (!told && captured != null) {
      tell(captured.toByteArray(), false);
    }
  }

  private boolean captures(HttpRequest head, long length) {
    if (length >= 0 && length <= max) {
      return true;
    }
    String type = head.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type == null) {
      return false;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    return CAPTURED_TYPES.stream().anyMatch(lower::startsWith);
  }

  private void tell(byte[] body, boolean complete) {
    told = true;
    captured = null;
    try {
      listener.onRequest(
          client, new AwsRequest(method, host, path, rawQuery, headers, body, complete), at);
    } catch (RuntimeException e) {
      metrics.listenerError(e.getClass().getSimpleName());
      LOG.warn("request listener failed for {} {} from {}: {}", method, host, client, e.toString());
    }
  }

  /** Origin-form stays as is; absolute-form ("http://host/p?q") is reduced to its path+query. */
  private static String rawPathAndQuery(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int slash = uri.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : uri.substring(slash);
  }
}
