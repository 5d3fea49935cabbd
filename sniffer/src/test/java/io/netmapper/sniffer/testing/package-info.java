/**
 * Real-parts test helpers, self-contained so that a later testbed module can take them over:
 * network namespaces with a bridge and veths ({@link io.netmapper.sniffer.testing.TestBed}),
 * processes started inside them ({@link io.netmapper.sniffer.testing.NetnsAgent}), cgroup v2 groups
 * named like kubelet's,
 * and cleanup even when a test fails (try/finally, {@link io.netmapper.sniffer.testing.TestBedExtension},
 * a JVM shutdown hook). Addresses come from documentation ranges (192.0.2.0/24, 2001:db8::/32) and
 * exist only inside the namespaces the tests create; the machine's own namespace is never touched.
 */
package io.netmapper.sniffer.testing;
