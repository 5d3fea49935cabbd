package io.netmapper.mapper.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * Which pod held one IP address from when to when. Pod IPs are reused; an observation made at time
 * t belongs to the pod that held the address at t, even when the report arrives after that pod died
 * or before the next holder shows up in the cache. Guarded by its own monitor.
 */
final class IpTimeline {
  static final long OPEN = Long.MAX_VALUE;

  record Holding(String podUid, long from, long to) {
    boolean contains(long t, long slack) {
      return t >= from - slack && (to == OPEN || t <= to + slack);
    }
  }

  private final List<Holding> holdings = new ArrayList<>(2);

  /**
   * Records that a pod holds the address. The first holder is backdated to its creation time; a
   * later holder starts when the previous one ended (or now, closing a holder whose deletion has
   * not been seen yet), so intervals never overlap.
   */
  synchronized void hold(String podUid, long createdMillis, long now) {
    long from = createdMillis;
    for (int i = 0; i < holdings.size(); i++) {
      Holding h = holdings.get(i);
      if (h.podUid.equals(podUid)) {
        return; // already holding; an update of the same pod
      }
      if (h.to == OPEN) {
        holdings.set(i, new Holding(h.podUid, h.from, Math.max(h.from, now)));
        from = Math.max(from, now);
      } else {
        from = Math.max(from, h.to);
      }
    }
    holdings.add(new Holding(podUid, from, OPEN));
  }

  synchronized void release(String podUid, long at) {
    for (int i = 0; i < holdings.size(); i++) {
      Holding h = holdings.get(i);
      if (h.podUid.equals(podUid) && h.to == OPEN) {
        holdings.set(i, new Holding(h.podUid, h.from, Math.max(h.from, at)));
      }
    }
  }

  /** The pod that held the address at t (slack absorbs clock skew), or null. */
  synchronized String holderAt(long t, long slack) {
    String loose = null;
    for (int i = holdings.size() - 1; i >= 0; i--) {
      Holding h = holdings.get(i);
      if (h.contains(t, 0)) {
        return h.podUid;
      }
      if (loose == null && h.contains(t, slack)) {
        loose = h.podUid;
      }
    }
    return loose;
  }

  /** Drops holdings that ended before the cutoff; returns true when nothing is left. */
  synchronized boolean purge(long cutoff) {
    holdings.removeIf(h -> h.to != OPEN && h.to < cutoff);
    return holdings.isEmpty();
  }

  synchronized List<Holding> holdings() {
    return List.copyOf(holdings);
  }
}
