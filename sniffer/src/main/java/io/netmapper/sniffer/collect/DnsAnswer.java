package io.netmapper.sniffer.collect;

import java.util.List;
import java.util.Objects;

/**
 * One DNS response seen on the wire, CNAME chain folded: {@code queryName} is what the client asked
 * for, {@code ips} the A/AAAA addresses at the end of the chain.
 *
 * @param clientIp the response's destination address (canonical text)
 * @param clientPort the response's destination port (used only to drop duplicate captures)
 * @param messageId the DNS transaction id (used only to drop duplicate captures)
 * @param ttlSeconds smallest TTL of the address records
 * @param timeNanos capture time, nanoseconds since the epoch
 * @param client the client's pod when the client is a hostNetwork process, else {@link
 *     Attribution#NONE}
 */
public record DnsAnswer(
    String clientIp,
    int clientPort,
    int messageId,
    String queryName,
    List<String> cnameChain,
    List<String> ips,
    long ttlSeconds,
    long timeNanos,
    Attribution client) {
  public DnsAnswer {
    Objects.requireNonNull(clientIp, "clientIp");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(queryName, "queryName");
    cnameChain = List.copyOf(cnameChain);
    ips = List.copyOf(ips);
    if (ips.isEmpty()) {
      throw new IllegalArgumentException("a DNS answer has at least one address");
    }
  }

  /** An answer as captured: the client is only known by its address. */
  public DnsAnswer(
      String clientIp,
      int clientPort,
      int messageId,
      String queryName,
      List<String> cnameChain,
      List<String> ips,
      long ttlSeconds,
      long timeNanos) {
    this(
        clientIp,
        clientPort,
        messageId,
        queryName,
        cnameChain,
        ips,
        ttlSeconds,
        timeNanos,
        Attribution.NONE);
  }

  /** The same answer, its client attributed. */
  public DnsAnswer withClient(Attribution pod) {
    return new DnsAnswer(
        clientIp, clientPort, messageId, queryName, cnameChain, ips, ttlSeconds, timeNanos, pod);
  }
}
