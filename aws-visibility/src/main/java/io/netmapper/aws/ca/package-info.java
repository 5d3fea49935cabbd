/**
 * The certificate authority (generated once, kept in a Kubernetes Secret) and the leaf certificates
 * it issues on the fly for the hosts the proxy terminates.
 */
package io.netmapper.aws.ca;
