package io.netmapper.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One combination of the chart's switches, as values overrides. */
record Combination(
    String name,
    Map<String, Object> values,
    boolean allowGetAll,
    boolean pdb,
    boolean telemetry,
    boolean sniffer,
    boolean istio,
    KafkaMode kafka,
    boolean aws) {

  enum KafkaMode {
    OFF,
    SERVERS,
    SELECTOR_ALL_NAMESPACES,
    SELECTOR_ONE_NAMESPACE;

    Map<String, Object> overrides() {
      return switch (this) {
        case OFF -> Chart.values("kafkawatcher.enable", false);
        case SERVERS ->
            Chart.values(
                "kafkawatcher.enable",
                true,
                "kafkawatcher.kafkaServers",
                List.of("kafka-0.kafka", "kafka-1.kafka", "broker.with.dots.streaming"));
        case SELECTOR_ALL_NAMESPACES ->
            Chart.values(
                "kafkawatcher.enable",
                true,
                "kafkawatcher.brokerSelector",
                "app.kubernetes.io/name=kafka");
        case SELECTOR_ONE_NAMESPACE ->
            Chart.values(
                "kafkawatcher.enable",
                true,
                "kafkawatcher.brokerSelector",
                "app.kubernetes.io/name=kafka",
                "kafkawatcher.brokerNamespace",
                "kafka");
      };
    }
  }

  /** Every combination of every switch: 2 × 2 × 2 × 2 × 2 × 4 × 2 = 256. */
  static List<Combination> all() {
    List<Combination> out = new ArrayList<>();
    for (boolean allowGetAll : new boolean[] {false, true}) {
      for (boolean pdb : new boolean[] {false, true}) {
        for (boolean telemetry : new boolean[] {true, false}) {
          for (boolean sniffer : new boolean[] {true, false}) {
            for (boolean istio : new boolean[] {false, true}) {
              for (KafkaMode kafka : KafkaMode.values()) {
                for (boolean aws : new boolean[] {false, true}) {
                  out.add(of(allowGetAll, pdb, telemetry, sniffer, istio, kafka, aws));
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  static Combination of(
      boolean allowGetAll,
      boolean pdb,
      boolean telemetry,
      boolean sniffer,
      boolean istio,
      KafkaMode kafka,
      boolean aws) {
    Map<String, Object> v =
        new LinkedHashMap<>(
            Chart.values(
                "mapper.allowGetAllResources", allowGetAll,
                "mapper.podDisruptionBudget.enabled", pdb,
                "global.telemetry.enabled", telemetry,
                "sniffer.enable", sniffer,
                "istio.enabled", istio,
                "aws.visibility.enabled", aws));
    v = Chart.mergeMaps(v, kafka.overrides());
    String name =
        "allowGetAll="
            + allowGetAll
            + " pdb="
            + pdb
            + " telemetry="
            + telemetry
            + " sniffer="
            + sniffer
            + " istio="
            + istio
            + " kafka="
            + kafka
            + " aws="
            + aws;
    return new Combination(name, v, allowGetAll, pdb, telemetry, sniffer, istio, kafka, aws);
  }

  @Override
  public String toString() {
    return name;
  }
}
