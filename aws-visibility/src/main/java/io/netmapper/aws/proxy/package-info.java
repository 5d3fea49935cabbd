/**
 * The Netty proxy: accepts opted-in pods' AWS traffic (HTTPS by SNI, plain HTTP), terminates TLS
 * with leaf certificates from {@code ca}, forwards each request unchanged to the real endpoint and
 * streams the response back; tells a {@link io.netmapper.aws.proxy.ProxiedRequestListener} about
 * each request.
 */
package io.netmapper.aws.proxy;
