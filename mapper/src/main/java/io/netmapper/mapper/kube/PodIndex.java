package io.netmapper.mapper.kube;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pods by UID, by namespace/name and by IP over time. Deleted pods stay until their IPs' grace
 * period ends, so late reports still find them.
 */
public final class PodIndex {
  private final Map<String, PodInfo> byUid = new ConcurrentHashMap<>();
  private final Map<String, String> uidByKey = new ConcurrentHashMap<>();
  private final Map<String, IpTimeline> byIp = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> hostNetworkByNode = new ConcurrentHashMap<>();
  private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();
  // Istio names workloads by namespace + name: pods by canonical-name label, and pods by namespace
  private final Map<String, Set<String>> byCanonicalName = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byNamespace = new ConcurrentHashMap<>();

  /** The label Istio reads a workload's canonical service name from. */
  public static final String CANONICAL_NAME_LABEL = "service.istio.io/canonical-name";

  void upsert(PodInfo pod, long now) {
    PodInfo previous = byUid.put(pod.uid(), pod);
    uidByKey.put(pod.key(), pod.uid());
    byNamespace.computeIfAbsent(pod.namespace(), n -> ConcurrentHashMap.newKeySet()).add(pod.uid());
    String canonical = pod.labels().get(CANONICAL_NAME_LABEL);
    String before = previous == null ? null : previous.labels().get(CANONICAL_NAME_LABEL);
    if (before != null && !before.equals(canonical)) {
      removeFrom(byCanonicalName, pod.namespace() + "/" + before, pod.uid());
    }
    if (canonical != null && !canonical.isEmpty()) {
      byCanonicalName
          .computeIfAbsent(pod.namespace() + "/" + canonical, n -> ConcurrentHashMap.newKeySet())
          .add(pod.uid());
    }
    if (pod.hostNetwork()) {
      if (pod.nodeName() != null) {
        hostNetworkByNode
            .computeIfAbsent(pod.nodeName(), n -> ConcurrentHashMap.newKeySet())
            .add(pod.uid());
      }
      return; // a hostNetwork pod's IP is the node's: never index it as a pod IP
    }
    for (String ip : pod.ips()) {
      byIp.computeIfAbsent(ip, k -> new IpTimeline()).hold(pod.uid(), pod.createdMillis(), now);
    }
    if (previous != null) {
      for (String ip : previous.ips()) {
        if (!pod.ips().contains(ip)) {
          IpTimeline timeline = byIp.get(ip);
          if (timeline != null) {
            timeline.release(pod.uid(), now);
          }
        }
      }
    }
  }

  void delete(PodInfo pod, long now) {
    deletedAt.put(pod.uid(), now);
    uidByKey.remove(pod.key(), pod.uid());
    if (pod.hostNetwork() && pod.nodeName() != null) {
      Set<String> uids = hostNetworkByNode.get(pod.nodeName());
      if (uids != null) {
        uids.remove(pod.uid());
      }
    }
    for (String ip : pod.ips()) {
      IpTimeline timeline = byIp.get(ip);
      if (timeline != null) {
        timeline.release(pod.uid(), now);
      }
    }
  }

  /** Forgets pods deleted, and IP holdings ended, before the cutoff. */
  void purge(long cutoff) {
    byIp.entrySet().removeIf(e -> e.getValue().purge(cutoff));
    deletedAt
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue() < cutoff) {
                PodInfo gone = byUid.remove(e.getKey());
                if (gone != null) {
                  removeFrom(byNamespace, gone.namespace(), gone.uid());
                  String canonical = gone.labels().get(CANONICAL_NAME_LABEL);
                  if (canonical != null) {
                    removeFrom(byCanonicalName, gone.namespace() + "/" + canonical, gone.uid());
                  }
                }
                return true;
              }
              return false;
            });
  }

  private static void removeFrom(Map<String, Set<String>> index, String key, String uid) {
    index.computeIfPresent(
        key,
        (k, uids) -> {
          uids.remove(uid);
          return uids.isEmpty() ? null : uids;
        });
  }

  /**
   * Pods (live or recently deleted) labelled {@code service.istio.io/canonical-name=name} in a
   * namespace; empty when none.
   */
  public Set<String> byCanonicalName(String namespace, String name) {
    return byCanonicalName.getOrDefault(namespace + "/" + name, Set.of());
  }

  /** Pods (live or recently deleted) of a namespace, by UID; empty when none. */
  public Set<String> inNamespace(String namespace) {
    return byNamespace.getOrDefault(namespace, Set.of());
  }

  public PodInfo byUid(String uid) {
    return byUid.get(uid);
  }

  public PodInfo byName(String namespace, String name) {
    String uid = uidByKey.get(namespace + "/" + name);
    return uid == null ? null : byUid.get(uid);
  }

  /** The pod that held a (non-host-network) pod IP at time t, or null. */
  public PodInfo atIp(String ip, long t, long slackMillis) {
    IpTimeline timeline = byIp.get(ip);
    if (timeline == null) {
      return null;
    }
    String uid = timeline.holderAt(t, slackMillis);
    return uid == null ? null : byUid.get(uid);
  }

  /**
   * The pod an EndpointSlice entry names ({@code targetRef}) at its address: the live pod of that
   * name, else a recently deleted holder of the address with that name (a slice lags the pod's
   * deletion). Null when neither is known; never another holder of the address.
   */
  public PodInfo named(String namespace, String name, String ip) {
    PodInfo live = byName(namespace, name);
    if (live != null) {
      return live;
    }
    IpTimeline timeline = ip == null ? null : byIp.get(ip);
    if (timeline == null) {
      return null;
    }
    PodInfo found = null;
    for (IpTimeline.Holding h : timeline.holdings()) {
      PodInfo p = byUid.get(h.podUid());
      if (p != null && p.namespace().equals(namespace) && p.name().equals(name)) {
        found = p; // the latest holding of that name wins
      }
    }
    return found;
  }

  /** True when some pod held the IP at some time still remembered. */
  public boolean knowsIp(String ip) {
    return byIp.containsKey(ip);
  }

  public Set<String> hostNetworkPodsOn(String nodeName) {
    return hostNetworkByNode.getOrDefault(nodeName, Set.of());
  }

  public int size() {
    return byUid.size();
  }

  public int ipCount() {
    return byIp.size();
  }
}
