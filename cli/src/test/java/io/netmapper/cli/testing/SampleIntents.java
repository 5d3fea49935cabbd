package io.netmapper.cli.testing;

import com.google.protobuf.Timestamp;
import io.netmapper.api.v1.ApiServerRef;
import io.netmapper.api.v1.AwsResourceRef;
import io.netmapper.api.v1.Evidence;
import io.netmapper.api.v1.HttpResource;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.InternetRef;
import io.netmapper.api.v1.KafkaTopic;
import io.netmapper.api.v1.Peer;
import io.netmapper.api.v1.WorkloadRef;
import java.util.List;

/**
 * A representative map: in- and cross-namespace calls, HTTP, Kafka, the API server, Internet egress
 * by name and by IP, Internet ingress, AWS, a duplicate TCP/HTTP pair, a method the CRD does not
 * allow (HEAD) and an intent whose server has no identity.
 */
public final class SampleIntents {
  private SampleIntents() {}

  public static Peer workload(String name, String ns, String kind) {
    return Peer.newBuilder()
        .setWorkload(
            WorkloadRef.newBuilder()
                .setName(name)
                .setNamespace(ns)
                .setKind(kind)
                .setApiVersion(kind.equals("CronJob") ? "batch/v1" : "apps/v1"))
        .build();
  }

  public static Peer internet(List<String> domains, List<String> ips) {
    return Peer.newBuilder()
        .setInternet(InternetRef.newBuilder().addAllDomains(domains).addAllIps(ips))
        .build();
  }

  public static Intent.Builder intent(Peer client, Peer server, IntentType type, Integer... ports) {
    return Intent.newBuilder()
        .setClient(client)
        .setServer(server)
        .setType(type)
        .addAllPorts(List.of(ports).stream().map(Integer::valueOf).toList())
        .setFirstSeen(Timestamp.newBuilder().setSeconds(1_790_000_000L))
        .setLastSeen(Timestamp.newBuilder().setSeconds(1_790_000_600L))
        .setCount(3)
        .addEvidence(Evidence.EVIDENCE_SYN);
  }

  public static List<Intent> all() {
    Peer frontend = workload("frontend", "shop", "Deployment");
    Peer orders = workload("orders", "shop", "Deployment");
    Peer catalog = workload("catalog", "catalog", "Deployment");
    Peer kafka = workload("kafka", "kafka", "StatefulSet");
    Peer postgres = workload("postgres", "shop", "StatefulSet");
    Peer report = workload("report-job", "batch", "CronJob");
    return List.of(
        intent(frontend, orders, IntentType.INTENT_TYPE_HTTP, 8080)
            .addHttp(
                HttpResource.newBuilder().setPath("/orders").addMethods("POST").addMethods("GET"))
            .addHttp(HttpResource.newBuilder().setPath("/orders/{id}").addMethods("GET"))
            .addServiceNames("orders")
            .addEvidence(Evidence.EVIDENCE_ISTIO)
            .build(),
        intent(frontend, orders, IntentType.INTENT_TYPE_TCP, 8080)
            .addServiceNames("orders")
            .build(),
        intent(frontend, catalog, IntentType.INTENT_TYPE_TCP, 9000)
            .addServiceNames("catalog-api")
            .addDnsNames("catalog-api.catalog.svc.cluster.local")
            .addEvidence(Evidence.EVIDENCE_DNS)
            .build(),
        intent(orders, kafka, IntentType.INTENT_TYPE_KAFKA, 9092)
            .addKafkaTopics(
                KafkaTopic.newBuilder()
                    .setName("orders")
                    .addOperations("produce")
                    .addOperations("describe"))
            .addKafkaTopics(KafkaTopic.newBuilder().setName("payments").addOperations("consume"))
            .addEvidence(Evidence.EVIDENCE_KAFKA_LOG)
            .build(),
        intent(orders, postgres, IntentType.INTENT_TYPE_TCP, 5432)
            .addServiceNames("postgres")
            .build(),
        intent(
                orders,
                Peer.newBuilder().setApiServer(ApiServerRef.getDefaultInstance()).build(),
                IntentType.INTENT_TYPE_TCP,
                443)
            .build(),
        intent(
                orders,
                internet(List.of("api.stripe.com"), List.of("203.0.113.10")),
                IntentType.INTENT_TYPE_INTERNET,
                443)
            .addDnsNames("api.stripe.com")
            .addEvidence(Evidence.EVIDENCE_DNS)
            .build(),
        intent(
                orders,
                Peer.newBuilder()
                    .setAws(AwsResourceRef.newBuilder().setArn("arn:aws:s3:::shop-invoices"))
                    .build(),
                IntentType.INTENT_TYPE_AWS)
            .addAwsActions("s3:PutObject")
            .addAwsActions("s3:GetObject")
            .addEvidence(Evidence.EVIDENCE_AWS_PROXY)
            .build(),
        intent(
                catalog,
                internet(List.of(), List.of("198.51.100.7")),
                IntentType.INTENT_TYPE_INTERNET,
                80)
            .build(),
        intent(
                internet(List.of(), List.of("192.0.2.44")),
                frontend,
                IntentType.INTENT_TYPE_INTERNET,
                443)
            .build(),
        intent(report, orders, IntentType.INTENT_TYPE_HTTP, 8080)
            .addHttp(
                HttpResource.newBuilder().setPath("/reports").addMethods("GET").addMethods("HEAD"))
            .addServiceNames("orders")
            .build(),
        intent(frontend, Peer.getDefaultInstance(), IntentType.INTENT_TYPE_TCP, 7000).build());
  }
}
