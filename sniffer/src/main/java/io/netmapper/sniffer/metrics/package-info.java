/** The sniffer's metrics, {@code netmapper_sniffer_*}, on Micrometer with a Prometheus registry. */
package io.netmapper.sniffer.metrics;
