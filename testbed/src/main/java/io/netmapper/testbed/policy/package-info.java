/**
 * The testbed's NetworkPolicy enforcement, done the way a CNI does it: watch NetworkPolicy, Pod and
 * Namespace objects in the API server and program the node (nftables in the node namespace, on the
 * path every pod's traffic is routed through). Written apart from the CLI's evaluator on purpose:
 * the end-to-end tests check the two against each other.
 */
package io.netmapper.testbed.policy;
