package io.netmapper.istiowatcher.parse;

import java.util.Objects;

/**
 * The part of one {@code istio_requests_total} series that names an HTTP access. Series that differ
 * only in labels outside this key (response code, flags, principals...) are summed.
 *
 * @param reporter {@code source} or {@code destination}: which sidecar counted it
 * @param destinationService Istio's {@code destination_service_name} (a Service's short name), may
 *     be empty
 * @param method {@code request_method} as Envoy saw it
 * @param path {@code request_path}, every character kept
 */
public record RequestSeries(
    String reporter,
    String sourceWorkload,
    String sourceNamespace,
    String destinationWorkload,
    String destinationNamespace,
    String destinationService,
    String method,
    String path) {
  public RequestSeries {
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(sourceWorkload, "sourceWorkload");
    Objects.requireNonNull(sourceNamespace, "sourceNamespace");
    Objects.requireNonNull(destinationWorkload, "destinationWorkload");
    Objects.requireNonNull(destinationNamespace, "destinationNamespace");
    Objects.requireNonNull(destinationService, "destinationService");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
  }
}
