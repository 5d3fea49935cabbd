/**
 * Envoy's Prometheus text exposition: {@code istio_requests_total} series (the labels that name an
 * HTTP access) and the sidecar's uptime, read straight from the response bytes.
 */
package io.netmapper.istiowatcher.parse;
