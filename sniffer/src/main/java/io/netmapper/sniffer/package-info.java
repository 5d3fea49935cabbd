/**
 * The sniffer node agent: {@link io.netmapper.sniffer.Main} reads {@link
 * io.netmapper.sniffer.SnifferConfig} (flags, then {@code NETMAPPER_*} environment, then defaults)
 * and wires {@link io.netmapper.sniffer.Sniffer}, the lifecycle that runs capture, socket scan,
 * aggregation, delivery and the health/metrics server.
 */
package io.netmapper.sniffer;
