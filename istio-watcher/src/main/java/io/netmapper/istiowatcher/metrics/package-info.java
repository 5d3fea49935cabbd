/** The istio-watcher's Micrometer metrics, {@code netmapper_istiowatcher_*}. */
package io.netmapper.istiowatcher.metrics;
