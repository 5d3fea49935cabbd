package io.netmapper.sniffer.procfs;

/** Size and duration of one pass over the proc tree. */
public record ScanResult(int processes, int namespaces, int connections, int listeners, long durationNanos) { }
