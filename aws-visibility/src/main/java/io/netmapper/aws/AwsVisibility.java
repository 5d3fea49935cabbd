package io.netmapper.aws;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.aws.ca.CaSecretStore;
import io.netmapper.aws.ca.CertificateAuthority;
import io.netmapper.aws.ca.IssuedCertificate;
import io.netmapper.aws.ca.LeafCertificates;
import io.netmapper.aws.dns.AwsDnsServer;
import io.netmapper.aws.dns.DnsConfig;
import io.netmapper.aws.metrics.ReportMetrics;
import io.netmapper.aws.proxy.AwsProxy;
import io.netmapper.aws.proxy.AwsProxyConfig;
import io.netmapper.aws.recognize.AwsOperationRecognizer;
import io.netmapper.aws.report.AwsCallCollector;
import io.netmapper.aws.report.AwsReports;
import io.netmapper.aws.webhook.AdmissionWebhook;
import io.netmapper.aws.webhook.ServingTls;
import io.netmapper.aws.webhook.WebhookCaBundlePatcher;
import io.netmapper.aws.webhook.WebhookConfig;
import io.netmapper.common.deliver.BatchSender;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.common.health.HealthServer;
import io.netmapper.common.reporter.ReporterRuntime;
import io.netmapper.common.run.DaemonThreads;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS visibility's lifecycle: the CA from its Secret, then the proxy (which reports every call it
 * forwards), the DNS server and the webhook, each switchable; per-interval reports to the mapper
 * through the shared retry buffer; health and metrics on one port.
 */
public final class AwsVisibility implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwsVisibility.class);
  static final String COMPONENT = AwsVisibilityConfig.COMPONENT;

  /** How long the webhook's serving certificate is valid; it is issued anew on every start. */
  static final Duration SERVING_VALIDITY = Duration.ofDays(365);

  private final AwsVisibilityConfig config;
  private final PrometheusMeterRegistry registry;
  private final KubernetesClient client;
  private final Clock clock;
  private final Parts parts;
  private final AwsCallCollector collector;
  private final ReporterRuntime<AwsOperationReport> runtime;
  private final AwsReports reports;
  private final List<AutoCloseable> running = new ArrayList<>();
  private ExecutorService workers;
  private AwsProxy proxy;
  private AwsDnsServer dns;
  private AdmissionWebhook webhook;

  /** How the parts reach the outside; tests replace the proxy's upstream side. */
  public interface Parts {
    AwsProxy proxy(
        AwsProxyConfig config,
        LeafCertificates leaves,
        AwsCallCollector collector,
        PrometheusMeterRegistry registry);

    Parts PRODUCTION =
        (config, leaves, collector, registry) -> new AwsProxy(config, leaves, collector, registry);
  }

  public AwsVisibility(
      AwsVisibilityConfig config,
      PrometheusMeterRegistry registry,
      BatchSender<? super AwsOperationReport> sender,
      KubernetesClient client,
      Clock clock,
      Parts parts) {
    this.config = config;
    this.registry = registry;
    this.client = client;
    this.clock = clock;
    this.parts = parts;
    ReportMetrics metrics = new ReportMetrics(registry);
    this.collector =
        new AwsCallCollector(
            new AwsOperationRecognizer()::recognise, config.aggregateMaxEntries(), metrics);
    this.runtime =
        ReporterRuntime.<AwsOperationReport>builder(
                COMPONENT, config.reporter(), sender, metrics.delivery())
            .describe(config::describe)
            .metrics(registry::scrape)
            .flushEvery(config.reportInterval(), this::flush)
            .healthLines(this::healthLines)
            .sources(new RunningParts())
            .build();
    ReportDelivery<AwsOperationReport> delivery = runtime.delivery();
    this.reports = new AwsReports(delivery, config.batchMaxEntries());
    metrics.delivery().bufferGauges(delivery::bufferedBytes, delivery::bufferedBatches);
  }

  /**
   * Binds the health port first, loads the CA, then starts the enabled parts. A port in use or an
   * unusable CA Secret stops the start with a message naming it.
   */
  public void start() throws HealthServer.StartException, InterruptedException {
    runtime.start();
  }

  /** The proxy, DNS server and webhook: what this reporter runs besides the runtime. */
  private final class RunningParts implements ReporterRuntime.Sources {
    @Override
    public void start(ScheduledExecutorService scheduler) throws InterruptedException {
      startParts(scheduler);
    }

    @Override
    public void stop() {
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (Exception e) {
          LOG.warn(
              "aws-visibility: closing {} failed: {}",
              running.get(i).getClass().getSimpleName(),
              e.toString());
        }
      }
      if (workers != null) {
        workers.shutdownNow();
      }
    }
  }

  private void startParts(ScheduledExecutorService scheduler) throws InterruptedException {
    workers = Executors.newFixedThreadPool(4, DaemonThreads.named("aws-visibility-worker"));
    CertificateAuthority ca =
        new CaSecretStore(client, config.namespace(), config.caSecretName(), clock, registry)
            .loadOrCreate();
    List<InetAddress> service =
        config.serviceAddresses().isEmpty()
            ? ServiceAddresses.read(
                client, config.namespace(), config.serviceName(), Duration.ofMinutes(2))
            : config.serviceAddresses();
    LOG.info("service {}/{} at {}; CA {}", config.namespace(), config.serviceName(), service, ca);
    if (config.proxyEnabled()) {
      AwsProxyConfig pc =
          new AwsProxyConfig(
              config.bindAddress(),
              config.proxyHttpsPort(),
              config.proxyHttpPort(),
              config.proxyMaxInspectBytes(),
              443,
              80,
              config.proxyConnectTimeout(),
              config.proxyIdleTimeout(),
              AwsProxyConfig.AWS_SUFFIXES);
      proxy = parts.proxy(pc, new LeafCertificates(ca, clock, registry), collector, registry);
      proxy.start();
      running.add(proxy);
    }
    if (config.dnsEnabled()) {
      dns =
          new AwsDnsServer(
              new DnsConfig(
                  literal(config.bindAddress()),
                  config.dnsPort(),
                  service,
                  upstream(config.dnsUpstream()),
                  DnsConfig.DEFAULT_SUFFIXES,
                  config.dnsTtl(),
                  config.dnsUpstreamTimeout()),
              workers,
              registry);
      dns.start();
      running.add(dns);
    }
    if (config.webhookEnabled()) {
      IssuedCertificate serving = ca.issue(servingNames(), SERVING_VALIDITY);
      webhook =
          new AdmissionWebhook(
              new WebhookConfig(
                  config.webhookPort(),
                  config.caBundleConfigMap(),
                  service.get(0).getHostAddress(),
                  config.clusterDomain(),
                  config.webhookConfigurationName(),
                  WebhookConfig.DEFAULT_BUNDLE_RECHECK),
              ServingTls.ofPem(serving.privateKeyPem(), serving.chainPem()),
              ca::caBundle,
              client,
              registry,
              clock,
              workers);
      webhook.start();
      running.add(webhook);
      WebhookCaBundlePatcher patcher =
          new WebhookCaBundlePatcher(
              client,
              config.webhookConfigurationName(),
              ca.certificatePem(),
              scheduler,
              Duration.ofSeconds(10),
              registry);
      patcher.start();
      running.add(patcher);
    }
  }

  /** The names the API server calls the webhook by. */
  List<String> servingNames() {
    String s = config.serviceName();
    String ns = config.namespace();
    return List.of(
        s + "." + ns + ".svc", s + "." + ns + ".svc." + config.clusterDomain(), s + "." + ns, s);
  }

  static InetSocketAddress upstream(String text) {
    String host = text;
    int port = 53;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      host = text.substring(1, end);
      if (text.length() > end + 2 && text.charAt(end + 1) == ':') {
        port = Integer.parseInt(text.substring(end + 2));
      }
    } else if (text.chars().filter(c -> c == ':').count() == 1) {
      host = text.substring(0, text.indexOf(':'));
      port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
    }
    return new InetSocketAddress(host, port);
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("'" + ip + "' is not an IP address", e);
    }
  }

  /** Hands the calls aggregated so far to delivery; returns the batches offered. */
  public int flush() {
    return reports.offer(collector.drain());
  }

  public boolean healthy() {
    return runtime.healthy();
  }

  String healthText() {
    return runtime.healthText();
  }

  private void healthLines(StringBuilder b) {
    b.append("proxy ")
        .append(proxy == null ? "off" : "https " + proxy.httpsPort() + " http " + proxy.httpPort())
        .append('\n');
    b.append("dns ").append(dns == null ? "off" : dns.address().toString()).append('\n');
    b.append("webhook ").append(webhook == null ? "off" : "port " + webhook.port()).append('\n');
  }

  public int healthPort() {
    return runtime.healthPort();
  }

  public AwsProxy proxy() {
    return proxy;
  }

  public AwsDnsServer dns() {
    return dns;
  }

  public AdmissionWebhook webhook() {
    return webhook;
  }

  /** Stops the parts (newest first), sends the last interval's calls, closes delivery, health. */
  @Override
  public void close() {
    runtime.close();
  }
}
