/**
 * The mutating admission webhook: for pods with the opt-in label, mounts the CA bundle, sets the
 * SDKs' CA-bundle variables and points the pod's DNS at the visibility DNS server.
 */
package io.netmapper.aws.webhook;
