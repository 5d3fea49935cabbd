/**
 * The DNS server opted-in pods use: answers {@code *.amazonaws.com} (and {@code .amazonaws.com.cn})
 * with the proxy's address and forwards every other query to the cluster DNS unchanged.
 */
package io.netmapper.aws.dns;
