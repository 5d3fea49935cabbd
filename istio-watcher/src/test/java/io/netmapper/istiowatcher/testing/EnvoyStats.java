package io.netmapper.istiowatcher.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds stats pages the way Envoy's {@code /stats/prometheus} writes them (Istio 1.2x labels, plus
 * the {@code request_method}/{@code request_path} tags a Telemetry resource adds), with the
 * surrounding Envoy metrics that a real page has.
 */
public final class EnvoyStats {
  private final List<String> lines = new ArrayList<>();
  private long uptimeSeconds = -1;

  public static EnvoyStats page() {
    return new EnvoyStats();
  }

  public EnvoyStats uptime(long seconds) {
    this.uptimeSeconds = seconds;
    return this;
  }

  /** One istio_requests_total series; the path is escaped as Envoy escapes it. */
  public EnvoyStats requests(
      String reporter,
      String srcNs,
      String src,
      String dstNs,
      String dst,
      String service,
      String method,
      String path,
      int code,
      long value) {
    lines.add(
        "istio_requests_total{response_code=\""
            + code
            + "\",reporter=\""
            + reporter
            + "\",source_workload=\""
            + src
            + "\",source_workload_namespace=\""
            + srcNs
            + "\",source_principal=\"spiffe://cluster.local/ns/"
            + srcNs
            + "/sa/"
            + src
            + "\",source_app=\""
            + src
            + "\",source_version=\"v1\",source_cluster=\"Kubernetes\",destination_workload=\""
            + dst
            + "\",destination_workload_namespace=\""
            + dstNs
            + "\",destination_principal=\"spiffe://cluster.local/ns/"
            + dstNs
            + "/sa/"
            + dst
            + "\",destination_app=\""
            + dst
            + "\",destination_version=\"v1\",destination_service=\""
            + service
            + "."
            + dstNs
            + ".svc.cluster.local\",destination_service_name=\""
            + service
            + "\",destination_service_namespace=\""
            + dstNs
            + "\",destination_cluster=\"Kubernetes\",request_protocol=\"http\","
            + "response_flags=\"-\",grpc_response_status=\"\",connection_security_policy=\"mutual_tls\","
            + "source_canonical_service=\""
            + src
            + "\",destination_canonical_service=\""
            + dst
            + "\","
            + "source_canonical_revision=\"v1\",destination_canonical_revision=\"v1\",request_method=\""
            + escape(method)
            + "\",request_path=\""
            + escape(path)
            + "\"} "
            + value);
    return this;
  }

  /** Any raw line (malformed ones included). */
  public EnvoyStats raw(String line) {
    lines.add(line);
    return this;
  }

  public static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  public String build() {
    StringBuilder b = new StringBuilder();
    b.append("# TYPE envoy_cluster_upstream_cx_total counter\n");
    b.append("envoy_cluster_upstream_cx_total{cluster_name=\"xds-grpc\"} 3\n");
    b.append(
        "envoy_cluster_upstream_cx_total{cluster_name=\"outbound|80||catalog.shop.svc.cluster.local\"} 17\n");
    b.append("# TYPE istio_requests_total counter\n");
    lines.forEach(l -> b.append(l).append('\n'));
    if (uptimeSeconds >= 0) {
      b.append("# TYPE envoy_server_uptime gauge\n");
      b.append("envoy_server_uptime{} ").append(uptimeSeconds).append('\n');
    }
    b.append("# TYPE envoy_cluster_upstream_rq_time histogram\n");
    b.append("envoy_cluster_upstream_rq_time_bucket{cluster_name=\"xds-grpc\",le=\"0.5\"} 0\n");
    b.append("envoy_cluster_upstream_rq_time_bucket{cluster_name=\"xds-grpc\",le=\"+Inf\"} 2\n");
    b.append("envoy_cluster_upstream_rq_time_sum{cluster_name=\"xds-grpc\"} 12.5\n");
    return b.toString();
  }
}
