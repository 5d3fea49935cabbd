/**
 * From log lines to accesses: {@link io.netmapper.kafkawatcher.collect.LineHandler} parses and
 * counts each line of a broker, {@link io.netmapper.kafkawatcher.collect.AccessAggregator} folds
 * one interval's topic accesses by (client IP, broker, topic, operation, allowed).
 */
package io.netmapper.kafkawatcher.collect;
