package io.netmapper.aws.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the real endpoint for a host is. The default asks the JVM, i.e. the proxy pod's own
 * resolver (the cluster DNS) and never the visibility DNS, which would point back at the proxy. May
 * block: the proxy calls it off its I/O threads.
 */
@FunctionalInterface
public interface UpstreamResolver {

  InetSocketAddress resolve(String host, int port) throws UnknownHostException;

  static UpstreamResolver jvmDns() {
    return (host, port) -> new InetSocketAddress(InetAddress.getByName(host), port);
  }
}
