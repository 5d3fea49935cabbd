package io.netmapper.mapper.kube;

import io.netmapper.common.net.Cidr;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Nodes by IP, and the pod CIDRs they announce. */
public final class NodeIndex {
  /** A node's addresses and pod CIDRs. */
  public record NodeInfo(String name, List<String> ips, List<Cidr> podCidrs) {}

  private final Map<String, NodeInfo> byName = new ConcurrentHashMap<>();
  private final Map<String, String> nameByIp = new ConcurrentHashMap<>();
  // read on every unknown address, so kept precomputed
  private volatile List<Cidr> podCidrs = List.of();

  void upsert(NodeInfo node) {
    NodeInfo previous = byName.put(node.name(), node);
    if (previous != null) {
      previous.ips().forEach(ip -> nameByIp.remove(ip, previous.name()));
    }
    node.ips().forEach(ip -> nameByIp.put(ip, node.name()));
    recomputeCidrs();
  }

  private void recomputeCidrs() {
    podCidrs = byName.values().stream().flatMap(n -> n.podCidrs().stream()).distinct().toList();
  }

  void delete(String name) {
    NodeInfo previous = byName.remove(name);
    if (previous != null) {
      previous.ips().forEach(ip -> nameByIp.remove(ip, name));
    }
    recomputeCidrs();
  }

  /** The node owning an address, or null. */
  public String nodeOf(String ip) {
    return nameByIp.get(ip);
  }

  public List<Cidr> podCidrs() {
    return podCidrs;
  }

  public int size() {
    return byName.size();
  }
}
