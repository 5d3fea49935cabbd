/**
 * Where log lines come from: {@link io.netmapper.kafkawatcher.source.PodLogStream} (the pod logs
 * API, resuming by timestamp), {@link io.netmapper.kafkawatcher.source.FileTailer} (sidecar mode,
 * rotation and truncation), {@link io.netmapper.kafkawatcher.source.BrokerDiscovery} (label
 * selector). The only fabric8 users of the module.
 */
package io.netmapper.kafkawatcher.source;
