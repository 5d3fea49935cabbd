package io.netmapper.aws.proxy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmapper.aws.ca.CertificateAuthority;
import io.netmapper.aws.ca.LeafCertificates;
import io.netmapper.aws.recognize.AwsRequest;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A proxy with its own CA in front of a {@link FakeAws}, and what its listener saw. */
public final class ProxyHarness implements AutoCloseable {

  public record Seen(InetAddress client, AwsRequest request, Instant at) {}

  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final CertificateAuthority ca = CertificateAuthority.generate(Clock.systemUTC());
  public final FakeAws fake;
  public final AwsProxy proxy;
  public final List<Seen> seen = new CopyOnWriteArrayList<>();
  volatile RuntimeException listenerFailure;

  public ProxyHarness(FakeAws fake) throws Exception {
    this(fake, UpstreamResolver.jvmDns(), Duration.ofSeconds(5));
  }

  /**
   * {@code resolver} with the hosts file sends AWS names to loopback; tests may point it elsewhere.
   */
  public ProxyHarness(FakeAws fake, UpstreamResolver resolver, Duration idleTimeout)
      throws Exception {
    this.fake = fake;
    var config =
        new AwsProxyConfig(
            "127.0.0.1",
            0,
            0,
            64 * 1024,
            fake.httpsPort(),
            fake.httpPort(),
            Duration.ofSeconds(2),
            idleTimeout,
            AwsProxyConfig.AWS_SUFFIXES);
    var leaves = new LeafCertificates(ca, Clock.systemUTC(), registry);
    proxy =
        new AwsProxy(
            config,
            leaves,
            (client, request, at) -> {
              seen.add(new Seen(client, request, at));
              if (listenerFailure != null) {
                throw listenerFailure;
              }
            },
            registry,
            resolver,
            TestPki.trusting(TestPki.FAKE_PUBLIC_CA.certificate()),
            Clock.systemUTC(),
            null);
    proxy.start();
  }

  public String dump() {
    var sb = new StringBuilder();
    registry
        .getMeters()
        .forEach(
            m ->
                m.measure()
                    .forEach(
                        x ->
                            sb.append(m.getId().getName())
                                .append(m.getId().getTags())
                                .append("=")
                                .append(x.getValue())
                                .append("\n")));
    return sb.toString();
  }

  public double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    proxy.close();
  }
}
