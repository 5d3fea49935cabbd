package io.netmapper.kafkawatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmapper.kafkawatcher.collect.BrokerPod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KafkaWatcherConfigTest {
  @Test
  void brokersFromTheEnvironment_flagsWin() {
    KafkaWatcherConfig c =
        KafkaWatcherConfig.parse(
            new String[] {"--report-interval", "PT3S"},
            Map.of(
                "NETMAPPER_BROKERS",
                "kafka-0.kafka, kafka-1.kafka",
                "NETMAPPER_REPORT_INTERVAL",
                "PT20S",
                "NETMAPPER_HEALTH_PORT",
                "9999"));
    assertThat(c.brokers())
        .containsExactly(new BrokerPod("kafka", "kafka-0"), new BrokerPod("kafka", "kafka-1"));
    assertThat(c.reportInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.healthPort()).isEqualTo(9999);
    assertThat(c.fileMode()).isFalse();
    assertThat(c.describe()).contains("pod logs of [kafka-0.kafka, kafka-1.kafka]");
  }

  @Test
  void podNamesWithDots_namespaceIsAfterTheLastDot() {
    assertThat(BrokerPod.parse("my.cluster-kafka-0.streaming"))
        .isEqualTo(new BrokerPod("streaming", "my.cluster-kafka-0"));
    assertThatThrownBy(() -> BrokerPod.parse("kafka-0")).hasMessageContaining("name.namespace");
  }

  @Test
  void selectorMode_andSidecarMode() {
    KafkaWatcherConfig s =
        KafkaWatcherConfig.parse(
            new String[] {"--broker-selector", "app=kafka", "--broker-namespace", "kafka"},
            Map.of());
    assertThat(s.brokerSelector()).isEqualTo("app=kafka");
    assertThat(s.describe()).contains("matching 'app=kafka' in kafka");
    KafkaWatcherConfig f =
        KafkaWatcherConfig.parse(
            new String[0],
            Map.of(
                "NETMAPPER_LOG_FILE",
                "/var/log/kafka/kafka-authorizer.log",
                "NETMAPPER_BROKERS",
                "kafka-0.kafka"));
    assertThat(f.logFile()).contains(Path.of("/var/log/kafka/kafka-authorizer.log"));
    assertThat(f.fileMode()).isTrue();
  }

  @Test
  void readableErrors() {
    assertThatThrownBy(() -> KafkaWatcherConfig.parse(new String[0], Map.of()))
        .hasMessageContaining("no brokers");
    assertThatThrownBy(
            () ->
                KafkaWatcherConfig.parse(
                    new String[] {"--brokers", "a.b", "--broker-selector", "x=y"}, Map.of()))
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                KafkaWatcherConfig.parse(
                    new String[] {"--log-file", "/x", "--brokers", "a.b,c.d"}, Map.of()))
        .hasMessageContaining("exactly one broker");
    assertThatThrownBy(
            () ->
                KafkaWatcherConfig.parse(
                    new String[] {"--brokers", "a.b", "--report-interval", "5 seconds"}, Map.of()))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(
            () ->
                KafkaWatcherConfig.parse(
                    new String[] {"--brokers", "a.b", "--log-time-zone", "Mars/Base"}, Map.of()))
        .hasMessageContaining("time zone");
    assertThatThrownBy(
            () ->
                KafkaWatcherConfig.parse(
                    new String[] {"--brokers", "a.b", "--health-port", "70000"}, Map.of()))
        .hasMessageContaining("not a port");
    assertThatThrownBy(
            () ->
                KafkaWatcherConfig.parse(
                    new String[] {"--brokers", "a.b", "--nope", "1"}, Map.of()))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThat(
            List.of(
                KafkaWatcherConfig.parse(new String[] {"--brokers", "a.b"}, Map.of()).healthPort()))
        .containsExactly(9483);
  }
}
