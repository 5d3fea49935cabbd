/**
 * Counter values per sidecar and series: only traffic that happened since the last scrape is
 * reported.
 */
package io.netmapper.istiowatcher.track;
