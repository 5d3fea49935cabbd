package io.netmapper.cli.export;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code metadata}: the client workload's name and namespace. */
@JsonPropertyOrder({"name", "namespace"})
record Metadata(String name, String namespace) {}
