package io.netmapper.sniffer.collect;

import java.util.List;

/** Everything aggregated during one reporting interval. */
public record Interval(List<Dns> dns, List<Connection> connections, List<Listener> listeners) {

  /**
   * A distinct DNS answer (client, name, chain, addresses, client pod) with the smallest TTL seen.
   */
  public record Dns(
      String clientIp,
      String queryName,
      List<String> cnameChain,
      List<String> ips,
      Attribution client,
      long ttlSeconds,
      Window window) {}

  /**
   * A distinct connection (source, client, server, port, client process); clientPort as first seen.
   */
  public record Connection(
      ConnectionSeen.Source source,
      String clientIp,
      int clientPort,
      String serverIp,
      int serverPort,
      Attribution client,
      Window window) {}

  /** A distinct listening socket. */
  public record Listener(String ip, int port, Attribution process, Window window) {}

  public Interval {
    dns = List.copyOf(dns);
    connections = List.copyOf(connections);
    listeners = List.copyOf(listeners);
  }

  public boolean isEmpty() {
    return dns.isEmpty() && connections.isEmpty() && listeners.isEmpty();
  }
}
