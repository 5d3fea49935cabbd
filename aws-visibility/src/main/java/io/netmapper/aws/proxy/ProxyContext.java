package io.netmapper.aws.proxy;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.util.concurrent.Executor;

/** What every connection handler shares; built once by {@link AwsProxy}. */
record ProxyContext(
    AwsProxyConfig config,
    ProxyMetrics metrics,
    HostPolicy policy,
    ProxiedRequestListener listener,
    Clock clock,
    UpstreamResolver resolver,
    SslContext upstreamTls,
    Executor blocking) {

  /** AWS sends long presigned query strings and many x-amz-* headers: room beyond the defaults. */
  static HttpDecoderConfig decoderConfig() {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(32 * 1024)
        .setMaxHeaderSize(64 * 1024)
        .setMaxChunkSize(64 * 1024);
  }
}
