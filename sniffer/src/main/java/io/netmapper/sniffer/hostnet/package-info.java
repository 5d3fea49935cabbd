/**
 * Host-network attribution: names the hostNetwork pod behind SYNs and DNS answers of the node's own
 * addresses, by looking the sending socket up with NETLINK_SOCK_DIAG (cgroup v2 id) while it
 * exists, and attaching the pod to what the main capture reports.
 */
package io.netmapper.sniffer.hostnet;
