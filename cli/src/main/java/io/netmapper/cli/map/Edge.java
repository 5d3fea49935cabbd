package io.netmapper.cli.map;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One directed edge of the map: client to server, with everything seen on it. All collections are
 * sorted and immutable, so output built from an edge is deterministic.
 */
public record Edge(
    Endpoint client,
    Endpoint server,
    SortedSet<Integer> ports,
    SortedMap<String, SortedSet<String>> http,
    SortedMap<String, SortedSet<String>> kafkaTopics,
    SortedSet<String> awsActions,
    SortedSet<String> serviceNames,
    long count) {

  public Edge {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
    http = frozen(http);
    kafkaTopics = frozen(kafkaTopics);
    awsActions = Collections.unmodifiableSortedSet(new TreeSet<>(awsActions));
    serviceNames = Collections.unmodifiableSortedSet(new TreeSet<>(serviceNames));
  }

  /** A plain edge with nothing but its ends (tests and simple callers). */
  public static Edge between(Endpoint client, Endpoint server) {
    return new Edge(
        client,
        server,
        new TreeSet<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeSet<>(),
        new TreeSet<>(),
        0);
  }

  /** Identity of the edge: two intents with the same key are merged. */
  public String key() {
    return client.key() + " -> " + server.key();
  }

  /** This edge plus everything {@code other} (same key) saw. */
  Edge merge(Edge other) {
    TreeSet<Integer> p = new TreeSet<>(ports);
    p.addAll(other.ports);
    TreeSet<String> a = new TreeSet<>(awsActions);
    a.addAll(other.awsActions);
    TreeSet<String> s = new TreeSet<>(serviceNames);
    s.addAll(other.serviceNames);
    return new Edge(
        client,
        server,
        p,
        union(http, other.http),
        union(kafkaTopics, other.kafkaTopics),
        a,
        s,
        count + other.count);
  }

  private static SortedMap<String, SortedSet<String>> union(
      Map<String, SortedSet<String>> left, Map<String, SortedSet<String>> right) {
    TreeMap<String, SortedSet<String>> out = new TreeMap<>();
    for (Map<String, SortedSet<String>> m : java.util.List.of(left, right)) {
      m.forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    }
    return out;
  }

  private static SortedMap<String, SortedSet<String>> frozen(
      Map<String, ? extends Collection<String>> in) {
    TreeMap<String, SortedSet<String>> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
    return Collections.unmodifiableSortedMap(out);
  }
}
