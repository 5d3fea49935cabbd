/**
 * NetworkPolicies from the map and the proof that they keep the map working: {@link
 * io.netmapper.cli.policy.NetworkPolicyGenerator} turns observed flows into {@code
 * networking.k8s.io/v1} NetworkPolicies; {@link io.netmapper.cli.policy.PolicyEvaluator} decides,
 * with NetworkPolicy semantics, whether a set of policies allows each observed flow; {@code
 * netmapper policy check} prints the verdicts.
 */
package io.netmapper.cli.policy;
