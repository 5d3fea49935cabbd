package io.netmapper.sniffer.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates observations per interval: one entry per distinct key with first/last seen and a
 * count. The same packet captured on several interfaces (a pod's veth and the bridge) is counted
 * once. The number of distinct entries per interval is bounded; observations beyond it are dropped
 * and counted. Thread-safe; {@link #drain()} hands over and resets.
 */
public final class Aggregator implements Observations {

  /** Counts what the aggregator did not keep. */
  public interface Counters {
    Counters NONE = new Counters() {};

    /** A second capture of the same packet (same DNS id/name or SYN sequence). */
    default void duplicate(String kind) {}

    /** An observation dropped with a reason such as {@code aggregate_full}. */
    default void dropped(String kind, String reason) {}
  }

  public static final String AGGREGATE_FULL = "aggregate_full";

  private record DnsKey(
      String clientIp,
      String queryName,
      List<String> cnameChain,
      List<String> ips,
      Attribution client) {}

  private record ConnKey(
      ConnectionSeen.Source source,
      String clientIp,
      String serverIp,
      int serverPort,
      Attribution client) {}

  private record ListenKey(String ip, int port, Attribution process) {}

  /**
   * First/last seen and count, updated in place so that an observation of a known entry allocates
   * nothing (it used to replace a {@link Window} record); the Window is built once, in {@link
   * #drain}.
   */
  private static class Seen {
    long first;
    long last;
    long count;

    Seen(long timeNanos) {
      first = timeNanos;
      last = timeNanos;
      count = 1;
    }

    final void add(long timeNanos) {
      first = Math.min(first, timeNanos);
      last = Math.max(last, timeNanos);
      count++;
    }

    final Window window() {
      return new Window(first, last, count);
    }
  }

  private static final class DnsAcc extends Seen {
    long ttl;

    DnsAcc(long timeNanos, long ttl) {
      super(timeNanos);
      this.ttl = ttl;
    }
  }

  private static final class ConnAcc extends Seen {
    final int clientPort;

    ConnAcc(long timeNanos, int clientPort) {
      super(timeNanos);
      this.clientPort = clientPort;
    }
  }

  private final int maxEntries;
  private final Counters counters;
  private Map<DnsKey, DnsAcc> dns = new HashMap<>();
  private Map<ConnKey, ConnAcc> connections = new HashMap<>();
  private Map<ListenKey, Window> listeners = new HashMap<>();

  /**
   * Hashes of recently seen packets, direct-mapped: duplicate captures arrive microseconds apart.
   */
  private final long[] recentPackets = new long[1 << 13];

  public Aggregator(int maxEntries, Counters counters) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.counters = counters;
  }

  private int size() {
    return dns.size() + connections.size() + listeners.size();
  }

  @Override
  public synchronized void dnsAnswer(DnsAnswer a) {
    if (seenRecently(
        a.clientIp().hashCode(), a.queryName().hashCode(), a.clientPort(), a.messageId())) {
      counters.duplicate("dns");
      return;
    }
    DnsKey key = new DnsKey(a.clientIp(), a.queryName(), a.cnameChain(), a.ips(), a.client());
    DnsAcc acc = dns.get(key);
    if (acc == null) {
      if (size() >= maxEntries) {
        counters.dropped("dns", AGGREGATE_FULL);
        return;
      }
      dns.put(key, new DnsAcc(a.timeNanos(), a.ttlSeconds()));
    } else {
      acc.add(a.timeNanos());
      acc.ttl = Math.min(acc.ttl, a.ttlSeconds());
    }
  }

  @Override
  public synchronized void connection(ConnectionSeen c) {
    if (c.source() == ConnectionSeen.Source.SYN
        && seenRecently(
            c.clientIp().hashCode(),
            c.serverIp().hashCode(),
            c.clientPort() << 16 | c.serverPort(),
            c.sequence())) {
      counters.duplicate("syn");
      return;
    }
    ConnKey key = new ConnKey(c.source(), c.clientIp(), c.serverIp(), c.serverPort(), c.client());
    ConnAcc acc = connections.get(key);
    if (acc == null) {
      if (size() >= maxEntries) {
        counters.dropped("connection", AGGREGATE_FULL);
        return;
      }
      connections.put(key, new ConnAcc(c.timeNanos(), c.clientPort()));
    } else {
      acc.add(c.timeNanos());
    }
  }

  @Override
  public synchronized void listener(ListenerSeen l) {
    ListenKey key = new ListenKey(l.ip(), l.port(), l.process());
    Window w = listeners.get(key);
    if (w == null && size() >= maxEntries) {
      counters.dropped("listener", AGGREGATE_FULL);
      return;
    }
    listeners.put(
        key, w == null ? new Window(l.timeNanos(), l.timeNanos(), 1) : w.plus(l.timeNanos()));
  }

  /** Whether a packet with these fields was seen just before; remembers it either way. */
  private boolean seenRecently(int a, int b, int c, long d) {
    long h = mix(((long) a << 32 | (b & 0xffffffffL)) ^ mix((long) c << 32 ^ d));
    h = h == 0 ? 1 : h;
    int slot = (int) (h ^ (h >>> 32)) & (recentPackets.length - 1);
    if (recentPackets[slot] == h) {
      return true;
    }
    recentPackets[slot] = h;
    return false;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Returns what was aggregated since the last call and starts a new interval. */
  public Interval drain() {
    Map<DnsKey, DnsAcc> d;
    Map<ConnKey, ConnAcc> c;
    Map<ListenKey, Window> l;
    synchronized (this) {
      d = dns;
      c = connections;
      l = listeners;
      dns = new HashMap<>();
      connections = new HashMap<>();
      listeners = new HashMap<>();
    }
    List<Interval.Dns> dnsOut = new ArrayList<>(d.size());
    d.forEach(
        (k, v) ->
            dnsOut.add(
                new Interval.Dns(
                    k.clientIp(),
                    k.queryName(),
                    k.cnameChain(),
                    k.ips(),
                    k.client(),
                    v.ttl,
                    v.window())));
    List<Interval.Connection> connOut = new ArrayList<>(c.size());
    c.forEach(
        (k, v) ->
            connOut.add(
                new Interval.Connection(
                    k.source(),
                    k.clientIp(),
                    v.clientPort,
                    k.serverIp(),
                    k.serverPort(),
                    k.client(),
                    v.window())));
    List<Interval.Listener> listenOut = new ArrayList<>(l.size());
    l.forEach((k, v) -> listenOut.add(new Interval.Listener(k.ip(), k.port(), k.process(), v)));
    return new Interval(dnsOut, connOut, listenOut);
  }
}
