/**
 * The map as the CLI sees it: {@link io.netmapper.cli.map.Endpoint}s, merged {@link
 * io.netmapper.cli.map.Edge}s and the sorted {@link io.netmapper.cli.map.ServiceMap}. No protobuf
 * or Kubernetes types: {@code connect} converts at the edge; list, export and visualize only read
 * this model.
 */
package io.netmapper.cli.map;
