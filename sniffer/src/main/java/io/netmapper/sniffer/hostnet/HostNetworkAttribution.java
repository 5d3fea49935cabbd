package io.netmapper.sniffer.hostnet;

import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sits between capture and the aggregator. Observations whose client is one of the node's own
 * addresses (a SYN from, or a DNS answer to, a hostNetwork process) get the pod that {@link
 * NodeSocketCapture} found for their local address and port; every other observation passes through
 * after one set lookup. An observation whose socket was not resolved yet waits (bounded queue,
 * {@code graceNanos}) for the node capture, then goes on without a pod, counted with the reason.
 * Capture threads call in; the node capture thread resolves and drains.
 */
public final class HostNetworkAttribution implements Observations {
  /**
   * What both capture paths agree on: for a SYN the 4-tuple (as captured, after any DNAT), so a
   * local port reused for another server within seconds is looked up afresh; for DNS the client's
   * end only (a DNS answer does not carry its server here).
   */
  record Key(String ip, int port, String server, int serverPort) {
    static Key dns(String ip, int port) {
      return new Key(ip, port, "", 0);
    }
  }

  /** What a lookup found: a pod, or why not. */
  record Result(Attribution pod, String reason) {
    static Result of(String reason) {
      return new Result(Attribution.NONE, reason);
    }
  }

  private record Pending(Key key, Object observation, long deadlineNanos) {}

  private final Observations out;
  private final HostnetCounters counters;
  private final LongSupplier ticker;
  private final long graceNanos;
  private final int maxResults;
  private final ArrayBlockingQueue<Pending> pending;

  /** Two generations, swapped by {@link #rotate()}: a result lives one to two rotation periods. */
  private volatile ConcurrentHashMap<Key, Result> current = new ConcurrentHashMap<>();

  private volatile ConcurrentHashMap<Key, Result> previous = new ConcurrentHashMap<>();
  private volatile Set<String> nodeAddresses = Set.of();

  public HostNetworkAttribution(
      Observations out,
      HostnetCounters counters,
      LongSupplier ticker,
      long graceNanos,
      int maxPending,
      int maxResults) {
    this.out = out;
    this.counters = counters;
    this.ticker = ticker;
    this.graceNanos = graceNanos;
    this.maxResults = maxResults;
    this.pending = new ArrayBlockingQueue<>(maxPending);
  }

  void nodeAddresses(Set<String> addresses) {
    nodeAddresses = Set.copyOf(addresses);
  }

  Set<String> nodeAddresses() {
    return nodeAddresses;
  }

  @Override
  public void connection(ConnectionSeen c) {
    if (c.source() != ConnectionSeen.Source.SYN || !nodeAddresses.contains(c.clientIp())) {
      out.connection(c);
      return;
    }
    Key key = new Key(c.clientIp(), c.clientPort(), c.serverIp(), c.serverPort());
    Result r = result(key);
    if (r != null) {
      out.connection(attributed(c, r));
    } else if (!pending.offer(new Pending(key, c, ticker.getAsLong() + graceNanos))) {
      counters.unattributed("queue_full");
      out.connection(c);
    }
  }

  @Override
  public void dnsAnswer(DnsAnswer a) {
    if (!nodeAddresses.contains(a.clientIp())) {
      out.dnsAnswer(a);
      return;
    }
    Key key = Key.dns(a.clientIp(), a.clientPort());
    Result r = result(key);
    if (r != null) {
      out.dnsAnswer(attributed(a, r));
    } else if (!pending.offer(new Pending(key, a, ticker.getAsLong() + graceNanos))) {
      counters.unattributed("queue_full");
      out.dnsAnswer(a);
    }
  }

  @Override
  public void listener(ListenerSeen l) {
    out.listener(l);
  }

  /**
   * Whether the socket of {@code key} was looked up recently (the same SYN seen twice, a
   * retransmit).
   */
  boolean known(Key key) {
    return result(key) != null;
  }

  void resolved(Key key, Result r) {
    ConcurrentHashMap<Key, Result> map = current;
    if (map.size() < maxResults) {
      map.put(key, r);
    } else {
      counters.lookup("table_full");
    }
  }

  /** Forgets results older than two calls ago; called periodically by the node capture thread. */
  void rotate() {
    previous = current;
    current = new ConcurrentHashMap<>();
  }

  /**
   * Hands on every waiting observation that is resolved or past its grace. Returns how many are
   * left.
   */
  int drainPending() {
    long now = ticker.getAsLong();
    for (Pending p = pending.peek(); p != null; p = pending.peek()) {
      Result r = result(p.key());
      if (r == null && now - p.deadlineNanos() < 0) {
        break; // deadlines grow along the queue: the rest waits too
      }
      pending.poll();
      Result given = r != null ? r : Result.of("not_seen");
      if (p.observation() instanceof ConnectionSeen c) {
        out.connection(attributed(c, given));
      } else if (p.observation() instanceof DnsAnswer a) {
        out.dnsAnswer(attributed(a, given));
      }
    }
    return pending.size();
  }

  private Result result(Key key) {
    Result r = current.get(key);
    return r != null ? r : previous.get(key);
  }

  private ConnectionSeen attributed(ConnectionSeen c, Result r) {
    if (!r.pod().isKnown()) {
      counters.unattributed(r.reason());
      return c;
    }
    counters.attributed();
    return new ConnectionSeen(
        c.source(),
        c.clientIp(),
        c.clientPort(),
        c.serverIp(),
        c.serverPort(),
        r.pod(),
        c.sequence(),
        c.timeNanos());
  }

  private DnsAnswer attributed(DnsAnswer a, Result r) {
    if (!r.pod().isKnown()) {
      counters.unattributed(r.reason());
      return a;
    }
    counters.attributed();
    return a.withClient(r.pod());
  }
}
