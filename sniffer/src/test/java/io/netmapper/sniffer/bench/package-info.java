/**
 * Benchmark mains (not tests): {@link io.netmapper.sniffer.bench.DnsPathBench}, {@link
 * io.netmapper.sniffer.bench.ScanBench}, {@link io.netmapper.sniffer.bench.FootprintBench}. How to
 * run them and the numbers: docs/benchmarks.md, section "sniffer".
 */
package io.netmapper.sniffer.bench;
