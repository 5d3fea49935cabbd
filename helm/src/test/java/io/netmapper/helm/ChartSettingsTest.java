package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.netmapper.aws.AwsVisibilityConfig;
import io.netmapper.aws.AwsVisibilitySettings;
import io.netmapper.common.telemetry.TelemetryConfig;
import io.netmapper.helm.Chart.Manifest;
import io.netmapper.helm.Combination.KafkaMode;
import io.netmapper.istiowatcher.IstioSettings;
import io.netmapper.istiowatcher.IstioWatcherConfig;
import io.netmapper.kafkawatcher.KafkaWatcherConfig;
import io.netmapper.kafkawatcher.KafkaWatcherSettings;
import io.netmapper.mapper.MapperConfig;
import io.netmapper.mapper.MapperSettings;
import io.netmapper.sniffer.SnifferConfig;
import io.netmapper.sniffer.SnifferSettings;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The chart sets only settings the components read, under the names they read them, with values
 * they accept; its ports are the components' defaults. The names come from the components' own
 * config classes (picocli options, {@code SnifferConfig.SETTINGS}), so a renamed flag fails here.
 */
class ChartSettingsTest {
  static final String AWS = "netmapper-aws-visibility";

  /**
   * Flags the chart sets itself (from dedicated values); the rest are `config` keys or left out on
   * purpose.
   */
  static final Set<String> MAPPER_CHART_SET =
      Set.of(
          "--port",
          "--cluster-domain",
          "--cluster-cidrs",
          "--telemetry-enabled",
          "--istio-enabled",
          "--exclude-namespaces",
          // mapper.persistence / mapper.database (the store, its data directory, PostgreSQL)
          "--store",
          "--data-dir",
          "--database-url",
          "--database-user");

  /** The Istio watcher's flags the mapper runs it with: istio.namespace, or an istio.config key. */
  static final Set<String> ISTIO_CHART_SET = Set.of("--istio-namespace");

  static final Set<String> MAPPER_LEFT_OUT =
      Set.of("--kubeconfig", "--context"); // in-cluster config
  static final Set<String> SNIFFER_CHART_SET =
      Set.of(
          "--mapper-address", "--node-name", "--proc-root", "--health-port", "--telemetry-enabled");
  static final Set<String> SNIFFER_LEFT_OUT =
      Set.of("--capture-netns"); // needs SYS_ADMIN (test and demo nodes)
  static final Set<String> KAFKA_CHART_SET =
      Set.of(
          "--mapper-address",
          "--brokers",
          "--broker-selector",
          "--broker-namespace",
          "--broker-container",
          "--health-port",
          "--telemetry-enabled");
  static final Set<String> KAFKA_LEFT_OUT =
      Set.of("--log-file", "--file-poll-interval"); // sidecar mode
  static final Set<String> AWS_CHART_SET =
      Set.of(
          "--mapper-address",
          "--namespace",
          "--service-name",
          "--cluster-domain",
          "--proxy-enabled",
          "--proxy-https-port",
          "--proxy-http-port",
          "--ca-secret-name",
          "--dns-enabled",
          "--dns-port",
          "--webhook-enabled",
          "--webhook-port",
          "--webhook-configuration-name",
          "--ca-bundle-configmap",
          "--health-port",
          "--telemetry-enabled");

  /**
   * The Service's ClusterIP is not known when the chart renders: the component reads it from the
   * Service.
   */
  static final Set<String> AWS_LEFT_OUT = Set.of("--service-addresses");

  /**
   * Every config key set to a valid value different from the default, and every other value set
   * too.
   */
  static Map<String, Object> everythingSet() {
    Map<String, Object> mapperConfig = new LinkedHashMap<>();
    mapperConfig.put("bindAddress", "::");
    mapperConfig.put("ipGracePeriod", "10m");
    mapperConfig.put("clockSkew", "PT3S");
    mapperConfig.put("pendingTimeout", "PT2M");
    mapperConfig.put("retryInterval", "PT2S");
    mapperConfig.put("maxPending", 5000);
    mapperConfig.put("maxBatchEntries", 2000);
    mapperConfig.put("maxRequestBytes", 8388608);
    mapperConfig.put("maxObservationAge", "PT12H");
    mapperConfig.put("maxFutureSkew", "PT1M");
    mapperConfig.put("dnsMemory", "PT30M");
    mapperConfig.put("informerSyncTimeout", "PT90S");
    mapperConfig.put("ownerCacheTtl", "PT20M");
    mapperConfig.put("ownerFailureTtl", "PT30S");
    mapperConfig.put("storeFsync", false);
    mapperConfig.put("storeRetryInterval", "5s");
    mapperConfig.put("maxInflightBatches", 5000);
    mapperConfig.put("overloadRetryAfter", "2s");
    Map<String, Object> snifferConfig = new LinkedHashMap<>();
    snifferConfig.put("nodeNetns", "/hostproc/1/ns/net");
    snifferConfig.put("captureDevice", "eth0");
    snifferConfig.put("captureSnaplen", 1500);
    snifferConfig.put("captureBufferBytes", 4194304);
    snifferConfig.put("healthAddress", "127.0.0.1");
    snifferConfig.put("reportInterval", "2s");
    snifferConfig.put("scanInterval", "10s");
    snifferConfig.put("scanFullRead", "2m");
    snifferConfig.put("aggregateMaxEntries", 50000);
    snifferConfig.put("batchMaxEntries", 1000);
    snifferConfig.put("bufferMaxBatches", 500);
    snifferConfig.put("bufferMaxBytes", 16777216);
    snifferConfig.put("retryInitialBackoff", "500ms");
    snifferConfig.put("retryMaxBackoff", "PT1M");
    snifferConfig.put("rpcTimeout", "10s");
    snifferConfig.put("hostnetAttribution", false);
    snifferConfig.put("hostnetLookupsPerSecond", 50);
    snifferConfig.put("cgroupRoot", "/hostproc/1/root/sys/fs/cgroup/unified");
    Map<String, Object> kafkaConfig = new LinkedHashMap<>();
    kafkaConfig.put("logTimeZone", "Europe/Berlin");
    kafkaConfig.put("initialSince", "PT1H");
    kafkaConfig.put("discoveryInterval", "PT1M");
    kafkaConfig.put("reconnectInitialBackoff", "PT2S");
    kafkaConfig.put("reconnectMaxBackoff", "PT1M");
    kafkaConfig.put("maxLineBytes", 131072);
    kafkaConfig.put("healthAddress", "0.0.0.0");
    kafkaConfig.put("reportInterval", "PT5S");
    kafkaConfig.put("aggregateMaxEntries", 20000);
    kafkaConfig.put("batchMaxEntries", 2500);
    kafkaConfig.put("bufferMaxBatches", 200);
    kafkaConfig.put("bufferMaxBytes", 8388608);
    kafkaConfig.put("retryInitialBackoff", "500ms");
    kafkaConfig.put("retryMaxBackoff", "PT1M");
    kafkaConfig.put("rpcTimeout", "PT10S");
    Map<String, Object> awsConfig = new LinkedHashMap<>();
    awsConfig.put("bindAddress", "::");
    awsConfig.put("proxyMaxInspectBytes", 131072);
    awsConfig.put("proxyConnectTimeout", "5s");
    awsConfig.put("proxyIdleTimeout", "PT10M");
    awsConfig.put("dnsUpstream", "10.96.0.53:53");
    awsConfig.put("dnsTtl", "PT1M");
    awsConfig.put("dnsUpstreamTimeout", "1500ms");
    awsConfig.put("healthAddress", "0.0.0.0");
    awsConfig.put("reportInterval", "PT20S");
    awsConfig.put("aggregateMaxEntries", 30000);
    awsConfig.put("batchMaxEntries", 1500);
    awsConfig.put("bufferMaxBatches", 300);
    awsConfig.put("bufferMaxBytes", 4194304);
    awsConfig.put("retryInitialBackoff", "PT1S");
    awsConfig.put("retryMaxBackoff", "2m");
    awsConfig.put("rpcTimeout", "PT8S");
    Map<String, Object> istioConfig = new LinkedHashMap<>();
    istioConfig.put("istioStatsPort", 15091);
    istioConfig.put("istioStatsPath", "/stats/prom");
    istioConfig.put("istioScrapeInterval", "PT30S");
    istioConfig.put("istioScrapeTimeout", "PT3S");
    istioConfig.put("istioScrapeConcurrency", 4);
    istioConfig.put("istioMaxResponseBytes", 16777216);
    istioConfig.put("istioMaxSeriesPerSidecar", 10000);
    return Chart.values(
        "istio.enabled",
        true,
        "istio.namespace",
        "shop",
        "istio.config",
        istioConfig,
        "global.telemetry.enabled",
        false,
        "global.telemetry.endpoint",
        "https://telemetry.example/v1",
        "mapper.port",
        9191,
        "mapper.logLevel",
        "DEBUG",
        "mapper.clusterDomain",
        "corp.local",
        "mapper.clusterCidrs",
        List.of("10.244.0.0/16", "fd00:10::/108"),
        "mapper.config",
        mapperConfig,
        "mapper.jvmOptions",
        "-XX:MaxRAMPercentage=60",
        "sniffer.healthPort",
        9581,
        "sniffer.logLevel",
        "WARN",
        "sniffer.attributeNonRootProcesses",
        true,
        "mapper.allowGetAllResources",
        true,
        "mapper.podDisruptionBudget.enabled",
        true,
        "global.commonLabels",
        Map.of("team", "net"),
        "global.commonAnnotations",
        Map.of("owner", "ops"),
        "global.excludeNamespaces",
        List.of("kube-system", "monitoring"),
        "global.imagePullSecrets",
        List.of(Map.of("name", "regcred")),
        "sniffer.config",
        snifferConfig,
        "sniffer.jvmOptions",
        "-Xmx48m",
        "kafkawatcher.enable",
        true,
        "kafkawatcher.brokerSelector",
        "app=kafka",
        "kafkawatcher.brokerNamespace",
        "kafka",
        "kafkawatcher.brokerContainer",
        "kafka",
        "kafkawatcher.healthPort",
        9583,
        "kafkawatcher.config",
        kafkaConfig,
        "kafkawatcher.jvmOptions",
        "-Xmx96m",
        "aws.visibility.enabled",
        true,
        "aws.visibility.image.tag",
        "0.9.0",
        "aws.visibility.image.pullPolicy",
        "Always",
        "aws.visibility.replicas",
        2,
        "aws.visibility.ports",
        Map.of("proxyHttps", 10443, "proxyHttp", 10080, "dns", 10053, "webhook", 10444),
        "aws.visibility.healthPort",
        9586,
        "aws.visibility.logLevel",
        "DEBUG",
        "aws.visibility.webhook.timeoutSeconds",
        3,
        "aws.visibility.webhook.namespaceSelector",
        Map.of(
            "matchExpressions",
            List.of(Map.of("key", "aws", "operator", "In", "values", List.of("on")))),
        "aws.visibility.caSecretName",
        "aws-ca",
        "aws.visibility.caBundleConfigMap",
        "aws-trust",
        "aws.visibility.config",
        awsConfig,
        "aws.visibility.jvmOptions",
        "-Xmx128m",
        "aws.visibility.resources",
        Map.of("limits", Map.of("memory", "768Mi")),
        "aws.visibility.podLabels",
        Map.of("tier", "infra"),
        "aws.visibility.podAnnotations",
        Map.of("note", "aws"),
        "aws.visibility.priorityClassName",
        "high",
        "aws.visibility.nodeSelector",
        Map.of("pool", "system"),
        "aws.visibility.affinity",
        Map.of(),
        "aws.visibility.tolerations",
        List.of(Map.of("operator", "Exists")));
  }

  /**
   * Environment variables the mapper reads: one per picocli option, plus the ones read directly.
   */
  static Set<String> mapperReads() {
    Set<String> names = new HashSet<>(MapperSettings.flagsToEnv().values());
    // with --istio-enabled the mapper parses the Istio watcher's settings from its environment
    names.addAll(IstioSettings.flagsToEnv().values());
    names.addAll(telemetryEnvRead());
    names.add(logLevelVariable(MapperConfig.class));
    names.add("JAVA_TOOL_OPTIONS"); // the JVM's
    return names;
  }

  static Set<String> snifferReads() {
    Set<String> names = new HashSet<>(SnifferSettings.flagsToEnv().values());
    names.add(logLevelVariable(SnifferConfig.class));
    names.addAll(telemetryEnvRead());
    names.add("JAVA_TOOL_OPTIONS");
    return names;
  }

  static Set<String> kafkaWatcherReads() {
    Set<String> names = new HashSet<>(KafkaWatcherSettings.flagsToEnv().values());
    names.addAll(telemetryEnvRead());
    names.add("JAVA_TOOL_OPTIONS");
    return names;
  }

  static Set<String> awsVisibilityReads() {
    Set<String> names = new HashSet<>(AwsVisibilitySettings.flagsToEnv().values());
    names.add(logLevelVariable(AwsVisibilityConfig.class));
    names.addAll(telemetryEnvRead());
    names.add("JAVA_TOOL_OPTIONS");
    return names;
  }

  /**
   * NETMAPPER_TELEMETRY_ENDPOINT is read by TelemetryConfig itself, not by a flag: prove it by its
   * effect.
   */
  static Set<String> telemetryEnvRead() {
    TelemetryConfig t =
        TelemetryConfig.of(true, Map.of("NETMAPPER_TELEMETRY_ENDPOINT", "https://t.example/x"));
    assertThat(t.endpoint()).contains(URI.create("https://t.example/x"));
    return Set.of("NETMAPPER_TELEMETRY_ENDPOINT");
  }

  /** The variable a component's logback.xml (in its own jar) reads for its level. */
  static String logLevelVariable(Class<?> componentClass) {
    String xml = resourceOfJar(componentClass, "logback.xml");
    assertThat(xml).contains("${NETMAPPER_LOG_LEVEL:-INFO}");
    return "NETMAPPER_LOG_LEVEL";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netmapper.helm.Combination#all")
  void everyEnvVariable_isOneTheComponentReads_andItsValueIsAccepted(Combination c) {
    checkEnv(Chart.render(c.values()));
  }

  @Test
  void everythingSet_everyEnvVariableReadAndAccepted_valuesArrive() {
    List<Manifest> manifests = Chart.render(everythingSet());
    checkEnv(manifests);
    Map<String, PodSpec> w = Pods.workloads(manifests);

    Map<String, String> mapperEnv = Pods.env(Pods.container(w.get("netmapper-mapper")));
    MapperConfig mapper = MapperSettings.parse(new String[0], mapperEnv);
    assertThat(mapper.port()).isEqualTo(9191);
    assertThat(mapper.bindAddress()).isEqualTo("::");
    assertThat(mapper.clusterDomain()).isEqualTo("corp.local");
    assertThat(mapper.clusterCidrs()).hasSize(2);
    assertThat(mapper.ipGracePeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(mapper.ownerFailureTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(mapper.maxPending()).isEqualTo(5000);
    assertThat(mapper.telemetry().enabled()).isFalse();
    assertThat(mapper.telemetry().endpoint()).contains(URI.create("https://telemetry.example/v1"));
    IstioWatcherConfig istio = mapper.istio().orElseThrow();
    assertThat(istio.namespace()).isEqualTo("shop");
    assertThat(istio.statsPort()).isEqualTo(15091);
    assertThat(istio.statsPath()).isEqualTo("/stats/prom");
    assertThat(istio.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(istio.scrapeConcurrency()).isEqualTo(4);
    assertThat(istio.maxResponseBytes()).isEqualTo(16777216);
    assertThat(istio.maxSeriesPerSidecar()).isEqualTo(10000);
    assertThat(mapperEnv)
        .containsEntry("NETMAPPER_LOG_LEVEL", "DEBUG")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=60");

    Map<String, String> snifferEnv = Pods.env(Pods.container(w.get("netmapper-sniffer")));
    SnifferConfig sniffer = SnifferSettings.parse(List.of(), snifferEnv);
    assertThat(sniffer.mapperAddress()).isEqualTo("netmapper-mapper.netmapper-system:9191");
    assertThat(sniffer.nodeName()).isEqualTo("node-1");
    assertThat(sniffer.procRoot()).isEqualTo(Path.of("/hostproc"));
    assertThat(sniffer.healthPort()).isEqualTo(9581);
    assertThat(sniffer.captureDevice()).isEqualTo("eth0");
    assertThat(sniffer.scanFullRead()).isEqualTo(Duration.ofMinutes(2));
    assertThat(sniffer.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(sniffer.bufferMaxBytes()).isEqualTo(16777216L);
    assertThat(sniffer.telemetry().enabled()).isFalse();
    assertThat(sniffer.hostnetAttribution()).isFalse();
    assertThat(sniffer.hostnetLookupsPerSecond()).isEqualTo(50);
    assertThat(sniffer.cgroupRoot()).isEqualTo(Path.of("/hostproc/1/root/sys/fs/cgroup/unified"));
    assertThat(snifferEnv)
        .containsEntry("NETMAPPER_LOG_LEVEL", "WARN")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx48m");

    Map<String, String> kafkaEnv = Pods.env(Pods.container(w.get("netmapper-kafka-watcher")));
    KafkaWatcherConfig kafka = KafkaWatcherSettings.parse(new String[0], kafkaEnv);
    assertThat(kafka.mapperAddress()).isEqualTo("netmapper-mapper.netmapper-system:9191");
    assertThat(kafka.brokerSelector()).isEqualTo("app=kafka");
    assertThat(kafka.brokerNamespace()).isEqualTo("kafka");
    assertThat(kafka.brokerContainer()).isEqualTo("kafka");
    assertThat(kafka.healthPort()).isEqualTo(9583);
    assertThat(kafka.logTimeZone().getId()).isEqualTo("Europe/Berlin");
    assertThat(kafka.reportInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(kafka.delivery().initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(kafka.telemetry().enabled()).isFalse();

    Map<String, String> awsEnv = Pods.env(Pods.container(w.get(AWS)));
    AwsVisibilityConfig aws = AwsVisibilitySettings.parse(awsEnv);
    assertThat(aws.mapperAddress()).isEqualTo("netmapper-mapper.netmapper-system:9191");
    assertThat(aws.namespace()).isEqualTo("netmapper-system");
    assertThat(aws.serviceName()).isEqualTo(AWS);
    assertThat(aws.clusterDomain()).isEqualTo("corp.local");
    assertThat(aws.bindAddress()).isEqualTo("::");
    assertThat(
            List.of(
                aws.proxyHttpsPort(),
                aws.proxyHttpPort(),
                aws.dnsPort(),
                aws.webhookPort(),
                aws.healthPort()))
        .containsExactly(10443, 10080, 10053, 10444, 9586);
    assertThat(aws.proxyMaxInspectBytes()).isEqualTo(131072);
    assertThat(aws.proxyConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(aws.dnsUpstream()).isEqualTo("10.96.0.53:53");
    assertThat(aws.dnsUpstreamTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(aws.caSecretName()).isEqualTo("aws-ca");
    assertThat(aws.caBundleConfigMap()).isEqualTo("aws-trust");
    assertThat(aws.webhookConfigurationName()).isEqualTo(AWS);
    assertThat(aws.reportInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(aws.batchMaxEntries()).isEqualTo(1500);
    assertThat(aws.delivery().maxBackoff()).isEqualTo(Duration.ofMinutes(2));
    assertThat(aws.rpcTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(aws.telemetry().enabled()).isFalse();
    assertThat(awsEnv)
        .containsEntry("NETMAPPER_LOG_LEVEL", "DEBUG")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx128m");
    Chart.find(manifests, "Secret", "aws-ca");

    // ports follow: container ports, probes and the Service
    assertThat(Pods.container(w.get("netmapper-mapper")).getPorts().get(0).getContainerPort())
        .isEqualTo(9191);
    assertThat(Pods.container(w.get("netmapper-sniffer")).getPorts().get(0).getContainerPort())
        .isEqualTo(9581);
    assertThat(
            Pods.container(w.get("netmapper-kafka-watcher")).getPorts().get(0).getContainerPort())
        .isEqualTo(9583);
    Service svc = (Service) Chart.find(manifests, "Service", "netmapper-mapper").object();
    assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(9191);
    checkAwsPorts(manifests, aws);
  }

  /**
   * The Service offers what pods expect of AWS and DNS (443, 80, 53 UDP+TCP) and the webhook port,
   * each to the named container port the component listens on; the probes use its health port.
   */
  private static void checkAwsPorts(List<Manifest> manifests, AwsVisibilityConfig aws) {
    Container c = Pods.container(Pods.workloads(manifests).get(AWS));
    Map<String, String> containerPorts = new LinkedHashMap<>();
    c.getPorts()
        .forEach(
            p -> containerPorts.put(p.getName(), p.getContainerPort() + "/" + p.getProtocol()));
    assertThat(containerPorts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "https",
                aws.proxyHttpsPort() + "/TCP",
                "http",
                aws.proxyHttpPort() + "/TCP",
                "dns-udp",
                aws.dnsPort() + "/UDP",
                "dns-tcp",
                aws.dnsPort() + "/TCP",
                "webhook",
                aws.webhookPort() + "/TCP",
                "health",
                aws.healthPort() + "/TCP"));
    Service svc = (Service) Chart.find(manifests, "Service", AWS).object();
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    Map<String, String> servicePorts = new LinkedHashMap<>();
    svc.getSpec()
        .getPorts()
        .forEach(
            p -> {
              String target = p.getTargetPort().getStrVal();
              assertThat(containerPorts)
                  .as("Service port %s targets a container port", p.getName())
                  .containsKey(target);
              assertThat(containerPorts.get(target)).endsWith("/" + p.getProtocol());
              servicePorts.put(p.getName(), p.getPort() + "/" + p.getProtocol() + "->" + target);
            });
    assertThat(servicePorts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "https",
                "443/TCP->https",
                "http",
                "80/TCP->http",
                "dns-udp",
                "53/UDP->dns-udp",
                "dns-tcp",
                "53/TCP->dns-tcp",
                "webhook",
                "9443/TCP->webhook"));
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
  }

  @Test
  void kafkaServers_becomeTheBrokersTheWatcherReads() {
    Map<String, String> env =
        Pods.env(
            Pods.container(
                Pods.spec(
                    Chart.render(KafkaMode.SERVERS.overrides()),
                    "Deployment",
                    "netmapper-kafka-watcher")));
    KafkaWatcherConfig kafka = KafkaWatcherSettings.parse(new String[0], env);
    assertThat(kafka.brokers()).extracting(Object::toString).hasSize(3);
    assertThat(kafka.brokers().get(2).namespace()).isEqualTo("streaming");
    assertThat(kafka.brokers().get(2).name()).isEqualTo("broker.with.dots");
  }

  @Test
  void defaults_areTheComponentsDefaults() {
    JsonNode values = Chart.defaultValues();
    assertThat(values.path("mapper").path("port").asString())
        .isEqualTo(MapperSettings.defaultOf("--port"));
    assertThat(values.path("mapper").path("clusterDomain").asString())
        .isEqualTo(MapperSettings.defaultOf("--cluster-domain"));
    assertThat(values.path("mapper").path("logLevel").asString()).isEqualTo("INFO");
    assertThat(values.path("sniffer").path("healthPort").asString())
        .isEqualTo(SnifferSettings.defaultOf("--health-port"));
    assertThat(values.path("kafkawatcher").path("healthPort").asString())
        .isEqualTo(KafkaWatcherSettings.defaultOf("--health-port"));
    assertThat(values.path("global").path("telemetry").path("enabled").asString())
        .isEqualTo(MapperSettings.defaultOf("--telemetry-enabled"))
        .isEqualTo(KafkaWatcherSettings.defaultOf("--telemetry-enabled"))
        .isEqualTo(AwsVisibilitySettings.defaultOf("--telemetry-enabled"));
    JsonNode aws = values.path("aws").path("visibility");
    assertThat(aws.path("healthPort").asString())
        .isEqualTo(AwsVisibilitySettings.defaultOf("--health-port"));
    assertThat(aws.path("ports").path("proxyHttps").asString())
        .isEqualTo(AwsVisibilitySettings.defaultOf("--proxy-https-port"));
    assertThat(aws.path("ports").path("proxyHttp").asString())
        .isEqualTo(AwsVisibilitySettings.defaultOf("--proxy-http-port"));
    assertThat(aws.path("ports").path("dns").asString())
        .isEqualTo(AwsVisibilitySettings.defaultOf("--dns-port"));
    assertThat(aws.path("ports").path("webhook").asString())
        .isEqualTo(AwsVisibilitySettings.defaultOf("--webhook-port"));
    // the default install names its objects as the component would by default
    List<Manifest> awsManifests = Chart.render(Chart.values("aws.visibility.enabled", true));
    AwsVisibilityConfig awsDefaults = AwsVisibilitySettings.parse(Map.of());
    AwsVisibilityConfig awsRendered =
        AwsVisibilitySettings.parse(
            Pods.env(Pods.container(Pods.workloads(awsManifests).get(AWS))));
    assertThat(awsRendered).isEqualTo(awsDefaults);
    checkAwsPorts(awsManifests, awsRendered);
    // the default install is where the reporters' and the CLI's defaults look for the mapper
    List<Manifest> manifests = Chart.render(Map.of());
    Map<String, String> snifferEnv =
        Pods.env(Pods.container(Pods.spec(manifests, "DaemonSet", "netmapper-sniffer")));
    assertThat(snifferEnv.get("NETMAPPER_MAPPER_ADDRESS"))
        .isEqualTo(SnifferSettings.defaultOf("--mapper-address"))
        .isEqualTo(KafkaWatcherSettings.defaultOf("--mapper-address"))
        .isEqualTo(
            "netmapper-mapper.netmapper-system:9090"); // docs/cli.md: Service, namespace, port
    Service svc = (Service) Chart.find(manifests, "Service", "netmapper-mapper").object();
    assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
  }

  @Test
  void anotherNamespace_reportersFollowTheMapper() {
    List<Manifest> manifests;
    manifests =
        Chart.split(
            Chart.template(
                Chart.mergeMaps(
                    KafkaMode.SERVERS.overrides(), Chart.values("aws.visibility.enabled", true)),
                "observability"));
    for (String name : List.of("netmapper-sniffer", "netmapper-kafka-watcher", AWS)) {
      PodSpec spec = Pods.workloads(manifests).get(name);
      assertThat(Pods.env(Pods.container(spec)))
          .containsEntry("NETMAPPER_MAPPER_ADDRESS", "netmapper-mapper.observability:9090");
    }
    // AWS visibility finds its Service and CA Secret in the release namespace
    assertThat(Pods.env(Pods.container(Pods.workloads(manifests).get(AWS))))
        .containsEntry("NETMAPPER_NAMESPACE", "observability");
  }

  @Test
  void telemetry_onEveryComponentThatReadsIt() {
    Map<String, PodSpec> w =
        Pods.workloads(
            Chart.render(
                Chart.mergeMaps(
                    KafkaMode.SERVERS.overrides(),
                    Chart.values(
                        "global.telemetry.enabled", false, "aws.visibility.enabled", true))));
    assertThat(Pods.env(Pods.container(w.get(AWS))))
        .containsEntry("NETMAPPER_TELEMETRY_ENABLED", "false");
    assertThat(AwsVisibilitySettings.flagsToEnv()).containsValue("NETMAPPER_TELEMETRY_ENABLED");
    assertThat(Pods.env(Pods.container(w.get("netmapper-mapper"))))
        .containsEntry("NETMAPPER_TELEMETRY_ENABLED", "false");
    assertThat(Pods.env(Pods.container(w.get("netmapper-kafka-watcher"))))
        .containsEntry("NETMAPPER_TELEMETRY_ENABLED", "false");
    assertThat(Pods.env(Pods.container(w.get("netmapper-sniffer"))))
        .containsEntry("NETMAPPER_TELEMETRY_ENABLED", "false");
    // and every component does read it (a flag of each)
    assertThat(MapperSettings.flagsToEnv()).containsValue("NETMAPPER_TELEMETRY_ENABLED");
    assertThat(SnifferSettings.flagsToEnv()).containsValue("NETMAPPER_TELEMETRY_ENABLED");
    assertThat(KafkaWatcherSettings.flagsToEnv()).containsValue("NETMAPPER_TELEMETRY_ENABLED");
  }

  @Test
  void configKeys_areExactlyTheComponentsRemainingFlags() {
    JsonNode schema = Chart.schema().path("properties");
    checkConfigKeys(
        "mapper",
        schema.path("mapper"),
        MapperSettings.flagsToEnv().keySet(),
        MAPPER_CHART_SET,
        MAPPER_LEFT_OUT);
    checkConfigKeys(
        "sniffer",
        schema.path("sniffer"),
        SnifferSettings.flagsToEnv().keySet(),
        SNIFFER_CHART_SET,
        SNIFFER_LEFT_OUT);
    // the Istio watcher inside the mapper: its own (--istio-*) settings; the rest of its flags are
    // for the standalone watcher (address, health server, delivery), which the chart does not
    // deploy
    Set<String> istioFlags = new TreeSet<>(IstioSettings.flagsToEnv().keySet());
    istioFlags.removeIf(f -> !f.startsWith("--istio-"));
    assertThat(istioFlags).isNotEmpty();
    checkConfigKeys("istio", schema.path("istio"), istioFlags, ISTIO_CHART_SET, Set.of());
    checkConfigKeys(
        "kafkawatcher",
        schema.path("kafkawatcher"),
        KafkaWatcherSettings.flagsToEnv().keySet(),
        KAFKA_CHART_SET,
        KAFKA_LEFT_OUT);
    checkConfigKeys(
        "aws.visibility",
        schema.path("aws").path("properties").path("visibility"),
        AwsVisibilitySettings.flagsToEnv().keySet(),
        AWS_CHART_SET,
        AWS_LEFT_OUT);
  }

  /** The schema's duration patterns accept exactly what the components parse. */
  @Test
  void durationSyntax_schemaAcceptsWhatTheComponentsParse() {
    List<String> samples =
        List.of(
            "500ms",
            "5s",
            "2m",
            "1h",
            "5S",
            "10MS",
            "PT30S",
            "pt5m",
            "P1DT2H",
            "PT0.25S",
            "P2D",
            "PT1H30M",
            "5",
            "5 minutes",
            "1d",
            "1h30m",
            "5.5s",
            "P",
            "PT",
            "PT5",
            "PT1.5M",
            "abc",
            "");
    JsonNode schema = Chart.schema().path("properties");
    for (String component : List.of("mapper", "sniffer", "kafkawatcher", "aws.visibility")) {
      JsonNode values =
          component.equals("aws.visibility")
              ? schema.path("aws").path("properties").path("visibility")
              : schema.path(component);
      JsonNode config = values.path("properties").path("config").path("properties");
      for (var e : config.properties()) {
        if (!e.getValue().has("pattern")
            || !e.getKey()
                .matches(
                    ".*(Interval|Period|Timeout|Skew|Age|Memory|Ttl|" + "Backoff|Read|Since)$")) {
          continue;
        }
        java.util.regex.Pattern p =
            java.util.regex.Pattern.compile(e.getValue().path("pattern").asString());
        for (String sample : samples) {
          assertThat(p.matcher(sample).find())
              .as("%s.config.%s accepts '%s'", component, e.getKey(), sample)
              .isEqualTo(parses(() -> io.netmapper.common.config.Durations.parse(sample)));
        }
      }
    }
    JsonNode istio = schema.path("istio").path("properties").path("config").path("properties");
    java.util.regex.Pattern p =
        java.util.regex.Pattern.compile(
            istio.path("istioScrapeInterval").path("pattern").asString());
    for (String sample : samples) {
      assertThat(p.matcher(sample).find())
          .as("istio.config.istioScrapeInterval accepts '%s'", sample)
          .isEqualTo(
              parses(
                  () ->
                      IstioWatcherConfig.parse(
                          new String[] {"--istio-scrape-interval", sample}, Map.of())));
    }
  }

  private static boolean parses(Runnable r) {
    try {
      r.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void noContainerOverridesTheImageEntrypoint() {
    Pods.workloads(Chart.render(everythingSet()))
        .forEach(
            (name, spec) -> {
              Container c = Pods.container(spec);
              assertThat(c.getCommand()).as(name).isEmpty();
              assertThat(c.getArgs()).as(name).isEmpty();
            });
  }

  private static void checkConfigKeys(
      String component,
      JsonNode values,
      Set<String> flags,
      Set<String> chartSet,
      Set<String> leftOut) {
    Set<String> configFlags = new TreeSet<>();
    for (String key : values.path("properties").path("config").path("properties").propertyNames()) {
      configFlags.add("--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
    }
    assertThat(configFlags)
        .as("%s.config keys that are no %s flag", component, component)
        .isSubsetOf(flags);
    assertThat(configFlags)
        .as("%s.config keys the chart also sets itself", component)
        .noneMatch(f -> chartSet.contains(f) || leftOut.contains(f));
    Set<String> covered = new TreeSet<>(configFlags);
    covered.addAll(chartSet);
    covered.addAll(leftOut);
    assertThat(covered)
        .as(
            "%s flags: each is set by the chart, a %s.config key, or left out on purpose"
                + " (a new flag needs a decision in helm/netmapper)",
            component, component)
        .isEqualTo(new TreeSet<>(flags));
  }

  private static void checkEnv(List<Manifest> manifests) {
    Map<String, PodSpec> workloads = Pods.workloads(manifests);
    workloads.forEach(
        (name, spec) -> {
          Map<String, String> env = Pods.env(Pods.container(spec));
          switch (name) {
            case "netmapper-mapper" -> {
              assertThat(env.keySet()).as(name).isSubsetOf(mapperReads());
              MapperConfig config = MapperSettings.parse(new String[0], env);
              assertThat(config.port())
                  .isEqualTo(Pods.container(spec).getPorts().get(0).getContainerPort());
              assertThat(config.istio().isPresent())
                  .isEqualTo(Boolean.parseBoolean(env.get("NETMAPPER_ISTIO_ENABLED")));
            }
            case "netmapper-sniffer" -> {
              assertThat(env.keySet()).as(name).isSubsetOf(snifferReads());
              SnifferConfig config = SnifferSettings.parse(List.of(), env);
              assertThat(config.healthPort())
                  .isEqualTo(Pods.container(spec).getPorts().get(0).getContainerPort());
            }
            case "netmapper-kafka-watcher" -> {
              assertThat(env.keySet()).as(name).isSubsetOf(kafkaWatcherReads());
              KafkaWatcherConfig config = KafkaWatcherSettings.parse(new String[0], env);
              assertThat(config.healthPort())
                  .isEqualTo(Pods.container(spec).getPorts().get(0).getContainerPort());
            }
            case AWS -> {
              assertThat(env.keySet()).as(name).isSubsetOf(awsVisibilityReads());
              // literal values only: nothing the component would see only at run time
              assertThat(Pods.container(spec).getEnv())
                  .as(name)
                  .allSatisfy(e -> assertThat(e.getValueFrom()).isNull());
              AwsVisibilityConfig config = AwsVisibilitySettings.parse(env);
              assertThat(config.proxyEnabled() && config.dnsEnabled() && config.webhookEnabled())
                  .isTrue();
              checkAwsPorts(manifests, config);
            }
            default -> throw new AssertionError("a workload the test does not know: " + name);
          }
        });
  }

  private static String resourceOfJar(Class<?> owner, String entry) {
    try {
      Path location = Path.of(owner.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        return Files.readString(location.resolve(entry));
      }
      try (JarFile jar = new JarFile(location.toFile());
          InputStream in = jar.getInputStream(jar.getEntry(entry))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (Exception e) {
      throw new AssertionError("cannot read " + entry + " of " + owner.getName(), e);
    }
  }
}
