package io.netmapper.sniffer.procfs;

/**
 * Size and duration of one pass over the proc tree; {@code unchanged} namespaces had the same TCP
 * counters as at their last table read, whose sockets were reused.
 */
public record ScanResult(
    int processes,
    int namespaces,
    int unchanged,
    int connections,
    int listeners,
    long durationNanos) {}
