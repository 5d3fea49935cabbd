/**
 * The Kafka watcher: reads Kafka brokers' {@code kafka.authorizer.logger} lines (pod logs API or a
 * sidecar file), aggregates topic accesses per interval and reports them to the mapper. {@link
 * io.netmapper.kafkawatcher.Main} wires, {@link io.netmapper.kafkawatcher.KafkaWatcherConfig} holds
 * the validated settings, {@link io.netmapper.kafkawatcher.KafkaWatcher} runs.
 */
package io.netmapper.kafkawatcher;
