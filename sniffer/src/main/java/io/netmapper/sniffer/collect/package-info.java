/**
 * What the sniffer observed, as plain records ({@link io.netmapper.sniffer.collect.DnsAnswer},
 * {@link io.netmapper.sniffer.collect.ConnectionSeen}, {@link
 * io.netmapper.sniffer.collect.ListenerSeen}), and their aggregation per reporting interval ({@link
 * io.netmapper.sniffer.collect.Aggregator}): one entry per distinct key with first/last seen and a
 * count.
 */
package io.netmapper.sniffer.collect;
