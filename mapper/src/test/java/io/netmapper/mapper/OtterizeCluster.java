package io.netmapper.mapper;

import static io.netmapper.mapper.MapperHarness.seen;

import io.netmapper.api.v1.AwsOperation;
import io.netmapper.api.v1.AwsOperationReport;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.HttpAccess;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.api.v1.KafkaAccess;
import io.netmapper.api.v1.KafkaAccessReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One small cluster and one set of traffic, described twice: as Otterize's sniffer, Kafka watcher,
 * Istio watcher and AWS visibility report it over GraphQL, and as netmapper's reporters report it
 * over gRPC.
 */
final class OtterizeCluster {
  static final int EXPECTED_EDGES = 6;
  static final String FRONTEND = "10.244.1.10";
  static final String CART = "10.244.1.20";
  static final String ORDERS = "10.244.1.30";
  static final String CART_SVC = "10.96.0.20";
  static final String KAFKA_0 = "10.244.2.10";

  private OtterizeCluster() {}

  static void create(MapperHarness h) {
    h.deploymentPod("shop", "frontend", FRONTEND, Map.of("app", "frontend", "team", "web"));
    h.deploymentPod("shop", "cart", CART, Map.of("app", "cart", "team", "cart"));
    h.deploymentPod("shop", "orders", ORDERS, Map.of("app", "orders", "team", "orders"));
    h.service("shop", "cart", CART_SVC, Map.of("app", "cart"), CART);
    h.namespace("kafka");
    h.client
        .apps()
        .statefulSets()
        .inNamespace("kafka")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName("kafka")
                .withNamespace("kafka")
                .endMetadata()
                .build())
        .create();
    h.pod("kafka", "kafka-0", "apps/v1", "StatefulSet", "kafka", KAFKA_0);
  }

  /** A mutation document from the contract (or, for Istio, written from the schema). */
  record Report(String document, String operation, Map<String, Object> variables) {}

  static final String ISTIO_DOCUMENT =
      """
      mutation reportIstioConnectionResults($results: IstioConnectionResults!) {
          reportIstioConnectionResults(results: $results)
      }""";

  static List<Report> otterizeReports(Instant at) {
    String ops = GraphQlClient.contract("reporter-operations.graphql");
    String t = at.toString();
    return List.of(
        new Report(
            ops,
            "reportCaptureResults",
            Map.of(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcIp",
                            ORDERS,
                            "srcHostname",
                            "orders-7d9f8c6b5-abcde",
                            "destinations",
                            List.of(
                                Map.of(
                                    "destination",
                                    "cart.shop.svc.cluster.local",
                                    "destinationIP",
                                    CART_SVC,
                                    "TTL",
                                    30,
                                    "lastSeen",
                                    t))))))),
        new Report(
            ops,
            "reportTCPCaptureResults",
            Map.of(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcIp",
                            FRONTEND,
                            "srcHostname",
                            "frontend-7d9f8c6b5-xyz12",
                            "destinations",
                            List.of(
                                Map.of(
                                    "destination",
                                    CART_SVC,
                                    "destinationPort",
                                    80,
                                    "lastSeen",
                                    t,
                                    "srcPorts",
                                    List.of(40000)))),
                        Map.of(
                            "srcIp",
                            ORDERS,
                            "srcHostname",
                            "orders-7d9f8c6b5-abcde",
                            "destinations",
                            List.of(
                                Map.of(
                                    "destination",
                                    CART_SVC,
                                    "destinationPort",
                                    80,
                                    "lastSeen",
                                    t,
                                    "srcPorts",
                                    List.of(40000)))))))),
        new Report(
            ops,
            "reportSocketScanResults",
            Map.of(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcIp",
                            ORDERS,
                            "srcHostname",
                            "",
                            "destinations",
                            List.of(
                                Map.of(
                                    "destination",
                                    KAFKA_0,
                                    "destinationPort",
                                    9092,
                                    "lastSeen",
                                    t,
                                    "srcPorts",
                                    List.of(40000)))))))),
        new Report(
            ops,
            "reportKafkaMapperResults",
            Map.of(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcIp", ORDERS,
                            "serverPodName", "kafka-0",
                            "serverNamespace", "kafka",
                            "topic", "orders",
                            "operation", "Write",
                            "lastSeen", t))))),
        new Report(
            ISTIO_DOCUMENT,
            "reportIstioConnectionResults",
            Map.of(
                "results",
                Map.of(
                    "results",
                    List.of(
                        Map.of(
                            "srcWorkload", "frontend",
                            "srcWorkloadNamespace", "shop",
                            "dstWorkload", "cart",
                            "dstServiceName", "cart",
                            "dstWorkloadNamespace", "shop",
                            "path", "/api/cart",
                            "methods", List.of("GET", "POST"),
                            "lastSeen", t))))),
        new Report(
            ops,
            "reportAWSOperation",
            Map.of(
                "operation",
                List.of(
                    Map.of(
                        "resource",
                        "arn:aws:s3:::receipts/*",
                        "actions",
                        List.of("s3:PutObject"),
                        "srcIp",
                        ORDERS)))));
  }

  /** The same traffic as netmapper's own reporters send it. */
  static void grpcReports(MapperHarness h, Instant at) {
    h.reports()
        .reportDnsAnswers(
            DnsAnswerReport.newBuilder()
                .setHeader(h.header())
                .addAnswers(
                    DnsAnswer.newBuilder()
                        .setSeen(seen(at))
                        .setClientIp(ORDERS)
                        .setQueryName("cart.shop.svc.cluster.local")
                        .addIps(CART_SVC)
                        .setTtlSeconds(30))
                .build());
    h.reports()
        .reportConnections(
            ConnectionReport.newBuilder()
                .setHeader(h.header())
                .addConnections(conn(FRONTEND, CART_SVC, 80, at, true))
                .addConnections(conn(ORDERS, CART_SVC, 80, at, true))
                .build());
    h.reports()
        .reportConnections(
            ConnectionReport.newBuilder()
                .setHeader(h.header())
                .addConnections(conn(ORDERS, KAFKA_0, 9092, at, false))
                .build());
    h.reports()
        .reportKafkaAccesses(
            KafkaAccessReport.newBuilder()
                .setHeader(h.header())
                .addAccesses(
                    KafkaAccess.newBuilder()
                        .setSeen(seen(at))
                        .setClientIp(ORDERS)
                        .setServerPodName("kafka-0")
                        .setServerPodNamespace("kafka")
                        .setTopic("orders")
                        .setOperation("Write")
                        .setAllowed(true))
                .build());
    HttpAccessReport.Builder http = HttpAccessReport.newBuilder().setHeader(h.header());
    for (String method : List.of("GET", "POST")) {
      http.addAccesses(
          HttpAccess.newBuilder()
              .setSeen(seen(at))
              .setSourceWorkload("frontend")
              .setSourceNamespace("shop")
              .setDestinationWorkload("cart")
              .setDestinationNamespace("shop")
              .setDestinationService("cart")
              .setMethod(method)
              .setPath("/api/cart"));
    }
    h.reports().reportHttpAccesses(http.build());
    h.reports()
        .reportAwsOperations(
            AwsOperationReport.newBuilder()
                .setHeader(h.header())
                .addOperations(
                    AwsOperation.newBuilder()
                        .setSeen(seen(at))
                        .setClientIp(ORDERS)
                        .setService("s3")
                        .addResourceArns("arn:aws:s3:::receipts/*")
                        .addActions("s3:PutObject"))
                .build());
  }

  private static Connection conn(String client, String server, int port, Instant at, boolean syn) {
    return Connection.newBuilder()
        .setSeen(seen(at))
        .setClientIp(client)
        .setClientPort(40000)
        .setServerIp(server)
        .setServerPort(port)
        .setEvidence(
            syn
                ? ConnectionEvidence.CONNECTION_EVIDENCE_SYN
                : ConnectionEvidence.CONNECTION_EVIDENCE_SOCKET_SCAN)
        .build();
  }
}
