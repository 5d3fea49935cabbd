package io.netmapper.cli.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One observed client → server flow, with the ports on the server's side (target ports, never
 * Service ports), as policy generation and checking see it. All TCP: that is what the map records.
 */
public record Flow(PolicyEnd client, PolicyEnd server, SortedSet<Integer> ports) {
  public Flow {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
  }

  public static Flow of(PolicyEnd client, PolicyEnd server, Collection<Integer> ports) {
    return new Flow(client, server, new TreeSet<>(ports));
  }

  /** {@code client -> server} for output. */
  public String describe() {
    return PolicyEnd.display(client) + " -> " + PolicyEnd.display(server);
  }
}
