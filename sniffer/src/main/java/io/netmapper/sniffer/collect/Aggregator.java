package io.netmapper.sniffer.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates observations per interval: one entry per distinct key with first/last seen and a
 * count. The same packet captured on several interfaces (a pod's veth and the bridge) is counted
 * once. Thread-safe; {@link #drain()} hands over and resets.
 *
 * <p>Memory is bounded: at most {@code maxEntries} distinct entries, at most {@code
 * maxEntriesPerClient} of them for one client address (so one pod flooding new names costs its own
 * entries, not the node's), at most {@link #MAX_ADDRESSES} addresses and {@link #MAX_CHAIN} CNAMEs
 * per answer (names are at most 255 bytes on the wire). When the aggregate is full it is handed to
 * the {@link HandOff} (delivery) early and a new one starts; only when that refuses are new entries
 * dropped, counted with reason {@code delivery_full} ({@code aggregate_full} without a hand-off).
 */
public final class Aggregator implements Observations {

  /** Counts what the aggregator did not keep. */
  public interface Counters {
    Counters NONE = new Counters() {};

    /** A second capture of the same packet (same DNS id/name or SYN sequence). */
    default void duplicate(String kind) {}

    /** An observation dropped with a reason such as {@code aggregate_full}. */
    default void dropped(String kind, String reason) {}

    /** An answer kept with part of it cut off ({@code addresses}, {@code cname_chain}). */
    default void truncated(String what) {}
  }

  /**
   * Takes a full aggregate before its interval ended. Called with the aggregator's lock held, on
   * the capture thread: must only queue the work and return. False when delivery cannot take more
   * now; then the aggregate stays and new entries are dropped as {@code delivery_full}.
   */
  @FunctionalInterface
  public interface HandOff {
    boolean take(Full aggregate);
  }

  /** An aggregate handed over; {@link #interval()} turns it into records (off the capture path). */
  public static final class Full {
    private final State state;

    private Full(State state) {
      this.state = state;
    }

    public int size() {
      return state.size();
    }

    public Interval interval() {
      return state.interval();
    }
  }

  public static final String AGGREGATE_FULL = "aggregate_full";
  public static final String DELIVERY_FULL = "delivery_full";
  public static final String CLIENT_FULL = "client_full";

  /** Most addresses kept per answer; a forged answer with thousands costs no more than this. */
  public static final int MAX_ADDRESSES = 16;

  /** Most CNAMEs kept per answer's chain. */
  public static final int MAX_CHAIN = 8;

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

  /** One interval's entries, and how many of them each client address holds. */
  private static final class State {
    final Map<DnsKey, DnsAcc> dns;
    final Map<ConnKey, ConnAcc> connections;
    final Map<ListenKey, Window> listeners;
    final Map<String, int[]> perClient;

    State() {
      dns = new HashMap<>();
      connections = new HashMap<>();
      listeners = new HashMap<>();
      perClient = new HashMap<>();
    }

    /**
     * Sized like {@code full}: the next aggregate of a busy node fills as fast, without resizing.
     */
    State(State full) {
      dns = new HashMap<>(capacity(full.dns.size()));
      connections = new HashMap<>(capacity(full.connections.size()));
      listeners = new HashMap<>(capacity(full.listeners.size()));
      perClient = new HashMap<>(capacity(full.perClient.size()));
    }

    private static int capacity(int entries) {
      return (int) (entries / 0.75f) + 1;
    }

    int size() {
      return dns.size() + connections.size() + listeners.size();
    }

    Interval interval() {
      List<Interval.Dns> dnsOut = new ArrayList<>(dns.size());
      dns.forEach(
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
      List<Interval.Connection> connOut = new ArrayList<>(connections.size());
      connections.forEach(
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
      List<Interval.Listener> listenOut = new ArrayList<>(listeners.size());
      listeners.forEach(
          (k, v) -> listenOut.add(new Interval.Listener(k.ip(), k.port(), k.process(), v)));
      return new Interval(dnsOut, connOut, listenOut);
    }
  }

  private final int maxEntries;
  private final int maxEntriesPerClient;
  private final Counters counters;
  private final HandOff handOff;
  private State state = new State();

  /**
   * Hashes of recently seen packets, direct-mapped: duplicate captures arrive microseconds apart.
   */
  private final long[] recentPackets = new long[1 << 13];

  /** Without a per-client share or a hand-off: entries beyond the cap are dropped. */
  public Aggregator(int maxEntries, Counters counters) {
    this(maxEntries, maxEntries, counters, null);
  }

  /**
   * @param handOff takes a full aggregate early; null drops new entries at the cap instead
   */
  public Aggregator(int maxEntries, int maxEntriesPerClient, Counters counters, HandOff handOff) {
    if (maxEntries < 1 || maxEntriesPerClient < 1) {
      throw new IllegalArgumentException(
          "maxEntries and maxEntriesPerClient must be >= 1, got "
              + maxEntries
              + ", "
              + maxEntriesPerClient);
    }
    this.maxEntries = maxEntries;
    this.maxEntriesPerClient = maxEntriesPerClient;
    this.counters = counters;
    this.handOff = handOff;
  }

  /**
   * The entry cap for a heap: the configured one, at most one entry per 2 KiB of maximum heap (an
   * entry with its key, strings and map node is a few hundred bytes; a second aggregate may wait
   * for delivery while the next fills, and the retry buffer has its own quarter of the heap).
   */
  public static int budget(int configured, long maxHeap) {
    long share = maxHeap == Long.MAX_VALUE ? Integer.MAX_VALUE : Math.max(1024, maxHeap >> 11);
    return (int) Math.min(configured, share);
  }

  /** Room for one more entry of this client? Hands the aggregate over early when it is full. */
  private boolean admit(String kind, String clientIp) {
    if (state.size() >= maxEntries) {
      if (handOff == null) {
        counters.dropped(kind, AGGREGATE_FULL);
        return false;
      }
      State full = state;
      if (!handOff.take(new Full(full))) {
        counters.dropped(kind, DELIVERY_FULL);
        return false;
      }
      state = new State(full); // the full one is no longer written to
    }
    if (clientIp == null) {
      return true;
    }
    int[] held = state.perClient.computeIfAbsent(clientIp, k -> new int[1]);
    if (held[0] >= maxEntriesPerClient) {
      counters.dropped(kind, CLIENT_FULL);
      return false;
    }
    held[0]++;
    return true;
  }

  private List<String> capped(List<String> list, int max, String what) {
    if (list.size() <= max) {
      return list;
    }
    counters.truncated(what);
    return List.copyOf(list.subList(0, max));
  }

  @Override
  public synchronized void dnsAnswer(DnsAnswer a) {
    if (seenRecently(
        a.clientIp().hashCode(), a.queryName().hashCode(), a.clientPort(), a.messageId())) {
      counters.duplicate("dns");
      return;
    }
    DnsKey key =
        new DnsKey(
            a.clientIp(),
            a.queryName(),
            capped(a.cnameChain(), MAX_CHAIN, "cname_chain"),
            capped(a.ips(), MAX_ADDRESSES, "addresses"),
            a.client());
    DnsAcc acc = state.dns.get(key);
    if (acc == null) {
      if (!admit("dns", a.clientIp())) {
        return;
      }
      state.dns.put(key, new DnsAcc(a.timeNanos(), a.ttlSeconds()));
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
    ConnAcc acc = state.connections.get(key);
    if (acc == null) {
      if (!admit("connection", c.clientIp())) {
        return;
      }
      state.connections.put(key, new ConnAcc(c.timeNanos(), c.clientPort()));
    } else {
      acc.add(c.timeNanos());
    }
  }

  @Override
  public synchronized void listener(ListenerSeen l) {
    ListenKey key = new ListenKey(l.ip(), l.port(), l.process());
    Window w = state.listeners.get(key);
    if (w == null && !admit("listener", null)) {
      return;
    }
    state.listeners.put(
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
    State d;
    synchronized (this) {
      d = state;
      state = new State();
    }
    return d.interval();
  }

  /** Distinct entries held now (for tests and the bench). */
  public synchronized int size() {
    return state.size();
  }
}
