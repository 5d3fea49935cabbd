package io.netmapper.aws.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.netmapper.aws.ca.LeafCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS API proxy: an HTTPS listener (SNI picks the host and its leaf certificate) and a plain
 * HTTP listener (the Host header picks the host), forwarding each request unchanged to the real
 * endpoint and streaming the response back. See DESIGN.md beside this class.
 */
public final class AwsProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AwsProxy.class);

  private final AwsProxyConfig config;
  private final LeafCertificates leaves;
  private final ProxyContext context;
  private final ExecutorService blocking;
  private final boolean ownsBlocking;
  private EventLoopGroup group;
  private Channel httpsChannel;
  private Channel httpChannel;

  /** Production wiring: JVM DNS and JVM default trust for the real endpoints, system clock. */
  public AwsProxy(
      AwsProxyConfig config,
      LeafCertificates leaves,
      ProxiedRequestListener listener,
      MeterRegistry registry) {
    this(
        config,
        leaves,
        listener,
        registry,
        UpstreamResolver.jvmDns(),
        null,
        Clock.systemUTC(),
        null);
  }

  /**
   * @param upstreamTrust trust for the real endpoints' certificates; null = the JVM default
   * @param blockingExecutor runs DNS look-ups and leaf issuing off the I/O threads; null = a small
   *     pool owned (and shut down) by the proxy
   */
  public AwsProxy(
      AwsProxyConfig config,
      LeafCertificates leaves,
      ProxiedRequestListener listener,
      MeterRegistry registry,
      UpstreamResolver resolver,
      TrustManagerFactory upstreamTrust,
      Clock clock,
      ExecutorService blockingExecutor) {
    this.config = Objects.requireNonNull(config, "config");
    this.leaves = Objects.requireNonNull(leaves, "leaves");
    this.ownsBlocking = blockingExecutor == null;
    this.blocking = ownsBlocking ? newBlockingPool() : blockingExecutor;
    this.context =
        new ProxyContext(
            config,
            new ProxyMetrics(registry),
            new HostPolicy(config.allowedHostSuffixes()),
            Objects.requireNonNull(listener, "listener"),
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(resolver, "resolver"),
            upstreamTls(upstreamTrust),
            blocking);
  }

  /**
   * Binds both listeners. IllegalStateException naming the address when one cannot be bound (e.g.
   * the port is in use); nothing stays bound then.
   */
  public synchronized void start() {
    if (group != null) {
      throw new IllegalStateException("already started");
    }
    group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    try {
      httpsChannel = bind(config.httpsPort(), "https");
      httpChannel = bind(config.httpPort(), "http");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info(
        "AWS proxy listening: https {} http {}, forwarding to hosts under {}",
        httpsChannel.localAddress(),
        httpChannel.localAddress(),
        config.allowedHostSuffixes());
  }

  /** The bound HTTPS port (differs from the config when that asked for 0). */
  public int httpsPort() {
    return ((InetSocketAddress) httpsChannel.localAddress()).getPort();
  }

  public int httpPort() {
    return ((InetSocketAddress) httpChannel.localAddress()).getPort();
  }

  @Override
  public synchronized void close() {
    if (httpsChannel != null) {
      httpsChannel.close().syncUninterruptibly();
    }
    if (httpChannel != null) {
      httpChannel.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
    if (ownsBlocking) {
      blocking.shutdownNow();
    }
  }

  private Channel bind(int port, String scheme) {
    var address = new InetSocketAddress(config.bindAddress(), port);
    var bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if ("https".equals(scheme)) {
                      ch.pipeline()
                          .addLast(
                              new TlsFailureCounter.FirstRecordCheck(context.metrics()),
                              new SniHandler(
                                  new SniLeafMapping(leaves, context.policy(), blocking),
                                  config.connectTimeout().toMillis()),
                              new TlsFailureCounter(context.metrics()));
                    }
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(ProxyContext.decoderConfig()),
                            new IdleStateHandler(
                                0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                            new FrontendHandler(context, scheme));
                  }
                });
    var future = bootstrap.bind(address).awaitUninterruptibly();
    if (!future.isSuccess()) {
      throw new IllegalStateException(
          "cannot listen for " + scheme + " on " + address + ": " + future.cause().getMessage(),
          future.cause());
    }
    return future.channel();
  }

  private static SslContext upstreamTls(TrustManagerFactory trust) {
    try {
      var builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
      if (trust != null) {
        builder.trustManager(trust);
      }
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the upstream TLS context", e);
    }
  }

  private static ExecutorService newBlockingPool() {
    var n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        4,
        r -> {
          var t = new Thread(r, "aws-proxy-blocking-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
