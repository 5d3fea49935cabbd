package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json rejects invalid values, in helm template and in helm lint alike. */
class ChartSchemaTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("negative mapper port", Chart.values("mapper.port", -1), "port"),
        Arguments.of("mapper port above 65535", Chart.values("mapper.port", 70000), "port"),
        Arguments.of("mapper port as text", Chart.values("mapper.port", "http"), "port"),
        Arguments.of("sniffer health port 0", Chart.values("sniffer.healthPort", 0), "healthPort"),
        Arguments.of(
            "negative kafka watcher health port",
            Chart.values("kafkawatcher.healthPort", -9483),
            "healthPort"),
        Arguments.of("unknown log level", Chart.values("mapper.logLevel", "VERBOSE"), "logLevel"),
        Arguments.of("lower-case log level", Chart.values("mapper.logLevel", "info"), "logLevel"),
        Arguments.of(
            "unknown pull policy",
            Chart.values("mapper.image.pullPolicy", "Sometimes"),
            "pullPolicy"),
        Arguments.of(
            "empty image repository", Chart.values("sniffer.image.repository", ""), "repository"),
        Arguments.of("unknown top-level value", Chart.values("replicaCount", 2), "replicaCount"),
        Arguments.of("unknown mapper value", Chart.values("mapper.replicas", 3), "replicas"),
        Arguments.of(
            "unknown mapper setting",
            Chart.values("mapper.config.ipGraceperiod", "PT5M"),
            "ipGraceperiod"),
        Arguments.of(
            "mapper setting the chart sets itself",
            Chart.values("mapper.config.port", 9091),
            "port"),
        Arguments.of(
            "mapper duration not a duration",
            Chart.values("mapper.config.ipGracePeriod", "5 minutes"),
            "ipGracePeriod"),
        Arguments.of(
            "mapper max pending 0", Chart.values("mapper.config.maxPending", 0), "maxPending"),
        Arguments.of(
            "sniffer snaplen too small",
            Chart.values("sniffer.config.captureSnaplen", 64),
            "captureSnaplen"),
        Arguments.of(
            "sniffer duration without unit",
            Chart.values("sniffer.config.scanInterval", "5"),
            "scanInterval"),
        Arguments.of(
            "sniffer capture netns (needs SYS_ADMIN)",
            Chart.values("sniffer.config.captureNetns", "/x"),
            "captureNetns"),
        Arguments.of(
            "kafka watcher sidecar setting",
            Chart.values("kafkawatcher.config.logFile", "/var/log/a.log"),
            "logFile"),
        Arguments.of(
            "kafka watcher without brokers",
            Chart.values("kafkawatcher.enable", true),
            "kafkawatcher"),
        Arguments.of(
            "kafka watcher with servers and selector",
            Chart.values(
                "kafkawatcher.enable",
                true,
                "kafkawatcher.kafkaServers",
                List.of("kafka-0.kafka"),
                "kafkawatcher.brokerSelector",
                "app=kafka"),
            "kafkawatcher"),
        Arguments.of(
            "kafka server without namespace",
            Chart.values(
                "kafkawatcher.enable", true, "kafkawatcher.kafkaServers", List.of("kafka-0")),
            "kafkaServers"),
        Arguments.of(
            "telemetry switch as text", Chart.values("global.telemetry.enabled", "yes"), "enabled"),
        Arguments.of(
            "telemetry endpoint not http(s)",
            Chart.values("global.telemetry.endpoint", "ftp://t.example"),
            "endpoint"),
        Arguments.of(
            "cluster CIDR not a CIDR",
            Chart.values("mapper.clusterCidrs", List.of("10.0.0.0")),
            "clusterCidrs"),
        Arguments.of("service type", Chart.values("mapper.service.type", "ExternalName"), "type"),
        Arguments.of(
            "resources quantity", Chart.values("mapper.resources.limits.memory", "lots"), "memory"),
        Arguments.of(
            "tolerations not a list",
            Chart.values("sniffer.tolerations", Map.of("operator", "Exists")),
            "tolerations"),
        Arguments.of(
            "pull secret without name",
            Chart.values("global.imagePullSecrets", List.of(Map.of())),
            "name"),
        Arguments.of("istio switch as text", Chart.values("istio.enabled", "on"), "enabled"),
        Arguments.of(
            "istio stats path without slash",
            Chart.values("istio.config.istioStatsPath", "stats"),
            "istioStatsPath"),
        Arguments.of(
            "istio scrape concurrency 0",
            Chart.values("istio.config.istioScrapeConcurrency", 0),
            "istioScrapeConcurrency"),
        Arguments.of(
            "istio standalone setting",
            Chart.values("istio.config.healthPort", 9484),
            "healthPort"),
        Arguments.of(
            "fullnameOverride with capitals",
            Chart.values("fullnameOverride", "NetMapper"),
            "fullnameOverride"),
        Arguments.of(
            "negative AWS proxy port",
            Chart.values("aws.visibility.ports.proxyHttps", -8443),
            "proxyHttps"),
        Arguments.of(
            "AWS DNS port above 65535", Chart.values("aws.visibility.ports.dns", 65536), "dns"),
        Arguments.of(
            "AWS health port 0", Chart.values("aws.visibility.healthPort", 0), "healthPort"),
        Arguments.of(
            "unknown AWS visibility value",
            Chart.values("aws.visibility.proxyPort", 8443),
            "proxyPort"),
        Arguments.of("unknown AWS port", Chart.values("aws.visibility.ports.smtp", 25), "smtp"),
        Arguments.of(
            "AWS setting the chart sets itself",
            Chart.values("aws.visibility.config.dnsPort", 53),
            "dnsPort"),
        Arguments.of(
            "AWS service addresses (read from the Service)",
            Chart.values("aws.visibility.config.serviceAddresses", "10.96.0.99"),
            "serviceAddresses"),
        Arguments.of(
            "AWS duration not a duration",
            Chart.values("aws.visibility.config.dnsTtl", "30 seconds"),
            "dnsTtl"),
        Arguments.of(
            "AWS inspect bytes above 1 MiB",
            Chart.values("aws.visibility.config.proxyMaxInspectBytes", 2097152),
            "proxyMaxInspectBytes"),
        Arguments.of("AWS replicas 0", Chart.values("aws.visibility.replicas", 0), "replicas"),
        Arguments.of(
            "AWS webhook timeout above 30 s",
            Chart.values("aws.visibility.webhook.timeoutSeconds", 31),
            "timeoutSeconds"),
        Arguments.of(
            "AWS namespace selector operator",
            Chart.values(
                "aws.visibility.webhook.namespaceSelector",
                Map.of("matchExpressions", List.of(Map.of("key", "a", "operator", "Equals")))),
            "operator"),
        Arguments.of(
            "AWS CA Secret name with capitals",
            Chart.values("aws.visibility.caSecretName", "AwsCa"),
            "caSecretName"),
        Arguments.of(
            "AWS switch as text", Chart.values("aws.visibility.enabled", "true"), "enabled"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidValue_rejectedBySchema_inTemplateAndLint(
      String what, Map<String, Object> values, String field) {
    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(field);
    LintResult lint = Chart.lint(values);
    assertThat(lint.isFailed()).as("lint of %s: %s", what, lint.getMessages()).isTrue();
    assertThat(String.join("\n", lint.getMessages())).contains(field);
  }

  @Test
  void validEdgeValues_accepted() {
    Chart.template(
        Chart.values(
            "mapper.port",
            1,
            "sniffer.healthPort",
            65535,
            "mapper.logLevel",
            "TRACE",
            "mapper.config.ipGracePeriod",
            "P1DT2H",
            "mapper.config.pendingTimeout",
            "90s",
            "sniffer.config.scanInterval",
            "PT5S",
            "sniffer.config.retryInitialBackoff",
            "250ms",
            "kafkawatcher.config.reportInterval",
            "PT0.5S",
            "mapper.podDisruptionBudget.maxUnavailable",
            "50%",
            "global.telemetry.endpoint",
            "",
            "aws.visibility.enabled",
            true,
            "aws.visibility.ports.proxyHttps",
            1,
            "aws.visibility.ports.dns",
            65535,
            "aws.visibility.webhook.timeoutSeconds",
            30,
            "aws.visibility.config.proxyMaxInspectBytes",
            0));
  }
}
