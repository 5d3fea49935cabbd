package io.netmapper.mapper.kube;

/** An ownerReference, reduced to what the owner walk needs. */
public record OwnerRef(String apiVersion, String kind, String name, boolean controller) {}
