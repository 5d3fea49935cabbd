package io.netmapper.mapper.kube;

/** One address behind a Service, from an EndpointSlice; podName is null when not a pod. */
public record ServiceEndpoint(String ip, String podName, String podNamespace) {}
