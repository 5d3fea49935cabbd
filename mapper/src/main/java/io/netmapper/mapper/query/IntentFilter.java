package io.netmapper.mapper.query;

import io.netmapper.mapper.store.IntentView;
import io.netmapper.mapper.store.Peer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Otterize-compatible query filters:
 *
 * <ul>
 *   <li>namespaces: keep intents whose client is in one of them;
 *   <li>servers ({@code name.namespace}): keep every intent of the clients that call one of them;
 *   <li>exclude labels ({@code key} or {@code key=value}): drop an intent whose client or server
 *       matches.
 * </ul>
 *
 * Results are sorted by client, server, then type, so output is stable.
 */
public record IntentFilter(
    Set<String> namespaces, Set<String> servers, List<LabelMatch> excludeLabels) {

  /** {@code key} matches any value; {@code key=value} only that value. */
  public record LabelMatch(String key, String value) {
    public static LabelMatch parse(String text) {
      int eq = text.indexOf('=');
      if (text.isBlank() || eq == 0) {
        throw new IllegalArgumentException("label filter '" + text + "' must be key or key=value");
      }
      return eq < 0
          ? new LabelMatch(text.trim(), null)
          : new LabelMatch(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
    }

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return v != null && (value == null || value.equals(v));
    }
  }

  public static final Comparator<IntentView> ORDER =
      Comparator.comparing((IntentView v) -> sortKey(v.client()))
          .thenComparing(v -> sortKey(v.server()))
          .thenComparing(IntentView::type);

  public List<IntentView> apply(List<IntentView> all) {
    java.util.function.Predicate<IntentView> keep = predicate(callers(all.iterator()));
    return all.stream().filter(keep).sorted(ORDER).toList();
  }

  /** With a servers filter: the clients that call one of them (null: no servers filter). */
  public Set<String> callers(java.util.Iterator<IntentView> all) {
    if (servers.isEmpty()) {
      return null;
    }
    Set<String> callers = new HashSet<>();
    while (all.hasNext()) {
      IntentView v = all.next();
      if (v.server() instanceof Peer.WorkloadPeer w
          && servers.contains(w.workload().qualifiedName())) {
        callers.add(v.client().key());
      }
    }
    return callers;
  }

  /** The filter for one edge, given {@link #callers} of the same map. */
  public java.util.function.Predicate<IntentView> predicate(Set<String> wanted) {
    return v ->
        (namespaces.isEmpty()
                || (v.client() instanceof Peer.WorkloadPeer w
                    && namespaces.contains(w.workload().namespace())))
            && (wanted == null || wanted.contains(v.client().key()))
            && excludeLabels.stream()
                .noneMatch(m -> m.matches(v.clientLabels()) || m.matches(v.serverLabels()));
  }

  private static String sortKey(Peer p) {
    if (p instanceof Peer.WorkloadPeer w) {
      return "1/"
          + w.workload().namespace()
          + "/"
          + w.workload().name()
          + "/"
          + w.workload().kind();
    }
    return "2/" + p.key();
  }
}
