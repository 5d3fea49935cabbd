package io.netmapper.mapper.store;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mutable aggregate behind one edge. Kept compact (a live edge must stay well under 1 KiB):
 * ports are a sorted int array, optional collections are allocated on first use, and label maps are
 * shared with the pod cache rather than copied. Guarded by its own monitor.
 */
final class Intent {
  private static final int[] NO_PORTS = new int[0];

  private final Peer client;
  private final Peer server;
  private final IntentType type;
  private long firstSeen = Long.MAX_VALUE;
  private long lastSeen = Long.MIN_VALUE;
  private long count;
  private int evidence;
  private int[] ports = NO_PORTS;
  private TreeSet<String> dnsNames;
  private TreeSet<String> serviceNames;
  private TreeSet<String> internetIps;
  private TreeMap<String, TreeSet<String>> details;
  private Map<String, String> clientLabels = Map.of();
  private Map<String, String> serverLabels = Map.of();

  Intent(Peer client, Peer server, IntentType type) {
    this.client = client;
    this.server = server;
    this.type = type;
  }

  synchronized void merge(EdgeUpdate u) {
    firstSeen = Math.min(firstSeen, u.firstSeenMillis());
    lastSeen = Math.max(lastSeen, u.lastSeenMillis());
    count += u.count();
    evidence |= u.evidence().bit();
    if (u.port() > 0) {
      addPort(u.port());
    }
    if (u.dnsName() != null) {
      dnsNames = add(dnsNames, u.dnsName());
    }
    if (u.serviceName() != null) {
      serviceNames = add(serviceNames, u.serviceName());
    }
    for (String ip : u.internetIps()) {
      internetIps = add(internetIps, ip);
    }
    if (u.detail() != null) {
      mergeDetail(u.detail());
    }
    if (!u.clientLabels().isEmpty()) {
      clientLabels = u.clientLabels();
    }
    if (!u.serverLabels().isEmpty()) {
      serverLabels = u.serverLabels();
    }
  }

  private void mergeDetail(EdgeUpdate.Detail detail) {
    if (details == null) {
      details = new TreeMap<>();
    }
    if (detail instanceof EdgeUpdate.KafkaDetail k) {
      details.computeIfAbsent(k.topic(), t -> new TreeSet<>()).add(k.operation());
    } else if (detail instanceof EdgeUpdate.HttpDetail h) {
      details.computeIfAbsent(h.path(), p -> new TreeSet<>()).add(h.method());
    } else if (detail instanceof EdgeUpdate.AwsDetail a) {
      details.computeIfAbsent(a.action(), x -> new TreeSet<>());
    }
  }

  private void addPort(int port) {
    int at = Arrays.binarySearch(ports, port);
    if (at >= 0) {
      return;
    }
    int insert = -at - 1;
    int[] grown = new int[ports.length + 1];
    System.arraycopy(ports, 0, grown, 0, insert);
    grown[insert] = port;
    System.arraycopy(ports, insert, grown, insert + 1, ports.length - insert);
    ports = grown;
  }

  private static TreeSet<String> add(TreeSet<String> set, String value) {
    TreeSet<String> s = set == null ? new TreeSet<>() : set;
    s.add(value);
    return s;
  }

  /** Rebuilds an edge from a stored snapshot (the durable map, at start). */
  static Intent restore(IntentView v) {
    Intent i = new Intent(v.client(), v.server(), v.type());
    i.firstSeen = v.firstSeenMillis();
    i.lastSeen = v.lastSeenMillis();
    i.count = v.count();
    i.evidence = v.evidenceBits();
    i.ports = v.ports().clone();
    i.dnsNames = v.dnsNames().isEmpty() ? null : new TreeSet<>(v.dnsNames());
    i.serviceNames = v.serviceNames().isEmpty() ? null : new TreeSet<>(v.serviceNames());
    i.internetIps = v.internetIps().isEmpty() ? null : new TreeSet<>(v.internetIps());
    if (!v.details().isEmpty()) {
      i.details = new TreeMap<>();
      v.details().forEach((k, vals) -> i.details.put(k, new TreeSet<>(vals)));
    }
    i.clientLabels = Map.copyOf(v.clientLabels());
    i.serverLabels = Map.copyOf(v.serverLabels());
    return i;
  }

  synchronized IntentView view() {
    Map<String, Set<String>> detailCopy = new TreeMap<>();
    if (details != null) {
      details.forEach((k, v) -> detailCopy.put(k, Set.copyOf(v)));
    }
    return new IntentView(
        client,
        server,
        type,
        ports.clone(),
        sorted(dnsNames),
        sorted(serviceNames),
        sorted(internetIps),
        detailCopy,
        firstSeen,
        lastSeen,
        count,
        evidence,
        clientLabels,
        serverLabels);
  }

  private static java.util.List<String> sorted(TreeSet<String> set) {
    return set == null ? java.util.List.of() : java.util.List.copyOf(set);
  }
}
