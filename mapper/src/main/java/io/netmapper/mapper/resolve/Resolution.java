package io.netmapper.mapper.resolve;

import io.netmapper.mapper.store.EdgeUpdate;
import java.util.List;

/** The outcome of resolving one observation. */
public sealed interface Resolution {
  /** Edges to merge into the map (possibly none, e.g. a listener that only updates an index). */
  record Resolved(List<EdgeUpdate> edges) implements Resolution {}

  /** Not resolvable yet (a pod or Service not in the cache yet): try again later. */
  record Retry(String reason) implements Resolution {}

  /** Never resolvable; counted with the reason. */
  record Unresolved(String reason) implements Resolution {}

  static Resolution edges(List<EdgeUpdate> edges) {
    return new Resolved(edges);
  }
}
