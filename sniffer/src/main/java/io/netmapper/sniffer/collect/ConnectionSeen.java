package io.netmapper.sniffer.collect;

import java.util.Objects;

/**
 * A TCP connection in the client to server direction, from a SYN or a socket scan.
 *
 * @param sequence TCP initial sequence number of a SYN (drops duplicate captures); 0 for scans
 */
public record ConnectionSeen(
    Source source,
    String clientIp,
    int clientPort,
    String serverIp,
    int serverPort,
    Attribution client,
    long sequence,
    long timeNanos) {
  /** How the connection was seen. */
  public enum Source {
    SYN,
    SOCKET_SCAN
  }

  public ConnectionSeen {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(clientIp, "clientIp");
    Objects.requireNonNull(serverIp, "serverIp");
    Objects.requireNonNull(client, "client");
    if (clientPort < 0 || clientPort > 65535 || serverPort < 0 || serverPort > 65535) {
      throw new IllegalArgumentException("port out of range: " + clientPort + " -> " + serverPort);
    }
  }
}
