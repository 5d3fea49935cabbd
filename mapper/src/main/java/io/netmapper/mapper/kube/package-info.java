/**
 * The Kubernetes cache: informers, pod IP timelines, Service/EndpointSlice/node indexes and the
 * owner walk. The only package that touches fabric8.
 */
package io.netmapper.mapper.kube;
