/**
 * Test support shared with the testbed's real-parts sniffer tests (published in the sniffer's test
 * jar): {@link io.netmapper.sniffer.testing.RecordingMapper}, a real gRPC ReportService that
 * records what it receives. Network namespaces, processes and cgroups come from the testbed module.
 */
package io.netmapper.sniffer.testing;
