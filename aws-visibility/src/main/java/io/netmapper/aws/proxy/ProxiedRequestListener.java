package io.netmapper.aws.proxy;

import io.netmapper.aws.recognize.AwsRequest;
import java.net.InetAddress;
import java.time.Instant;

/**
 * Told about every request the proxy forwards. Called on a proxy I/O thread: implementations must
 * not block and must not throw (an exception is counted and ignored by the proxy).
 */
@FunctionalInterface
public interface ProxiedRequestListener {

  /**
   * @param client the pod's address (the TCP peer of the proxy)
   * @param request the request head and its (possibly capped) body
   * @param at when the request head arrived
   */
  void onRequest(InetAddress client, AwsRequest request, Instant at);
}
