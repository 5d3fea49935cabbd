/**
 * The map itself: edges (client → server, by type) with what was seen on them. No Kubernetes or
 * protobuf types here; {@code resolve} produces {@link io.netmapper.mapper.store.EdgeUpdate}s and
 * {@code query} reads {@link io.netmapper.mapper.store.IntentView}s.
 */
package io.netmapper.mapper.store;
