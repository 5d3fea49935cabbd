/**
 * The Istio watcher: scrapes Envoy sidecars' {@code istio_requests_total} and reports HTTP
 * path/method accesses. {@link io.netmapper.istiowatcher.Main} wires the standalone process, {@link
 * io.netmapper.istiowatcher.IstioWatcherConfig} holds the validated settings, {@link
 * io.netmapper.istiowatcher.IstioWatcher} runs (standalone or inside the mapper).
 */
package io.netmapper.istiowatcher;
