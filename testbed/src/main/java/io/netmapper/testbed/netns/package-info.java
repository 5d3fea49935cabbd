/**
 * Linux plumbing for the testbed and the real-parts tests: network namespaces ({@link
 * io.netmapper.testbed.netns.Topology} for the demo's node, {@link
 * io.netmapper.testbed.netns.TestBed} for component tests), processes started inside them ({@link
 * io.netmapper.testbed.netns.NetnsProcess}, {@link io.netmapper.testbed.netns.NetnsAgent}), cgroups
 * named like kubelet's ({@link io.netmapper.testbed.netns.Cgroups}), commands ({@link
 * io.netmapper.testbed.netns.Sh}) and the machine prerequisites. Only namespaces created here carry
 * addresses and traffic; the machine's own namespace is never configured; everything is removed on
 * close and by shutdown hooks.
 */
package io.netmapper.testbed.netns;
