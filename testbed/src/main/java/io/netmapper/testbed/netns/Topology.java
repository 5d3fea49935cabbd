package io.netmapper.testbed.netns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The node's networking, built from network namespaces only — nothing is configured in the
 * machine's own namespace. Routed pod networking (as Calico does it): each pod has /32 (and /128)
 * addresses on a veth whose node end sits on bridge {@code br0} holding the gateway; pod-to-pod
 * traffic goes through the node, so nftables DNAT (ClusterIPs, as kube-proxy) sees both directions.
 * The node has its own address (on {@code lo}) (hostNetwork pods use it). External hosts live in an
 * "internet" namespace behind a veth.
 */
public final class Topology implements AutoCloseable {
  public static final String GATEWAY_V4 = "10.244.0.1";
  public static final String GATEWAY_V6 = "fd00:10:244::1";
  public static final String POD_CIDR_V4 = "10.244.0.0/16";
  public static final String POD_CIDR_V6 = "fd00:10:244::/64";
  public static final String SERVICE_CIDR = "10.96.0.0/16";
  public static final String SERVICE_CIDR_V6 = "fd00:10:96::/112";
  public static final String NODE_IP = "172.18.0.2";
  public static final String DNS_IP = GATEWAY_V4;

  private final String prefix;
  private final String node;
  private final Deque<Runnable> cleanups = new ArrayDeque<>();
  private final List<String> natRules = new ArrayList<>();
  private final java.util.Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private String internet;
  private int links;

  /**
   * @param prefix unique per run, e.g. {@code nmtb-1234}; namespace names start with it
   */
  public Topology(String prefix) {
    this.prefix = prefix;
    this.node = prefix + "-node";
  }

  public String nodeNetns() {
    return node;
  }

  /** Creates the node namespace (bridge, gateway, node address, forwarding, DNAT table). */
  public void createNode() {
    if (Sh.run("ip", "netns", "list").lines().anyMatch(l -> l.split("\\s+")[0].equals(node))) {
      // created by the launcher, which started this JVM inside it
      cleanups.push(() -> Sh.quietly("ip", "netns", "del", node));
      ip(node, "link", "set", "lo", "up");
    } else {
      addNetns(node);
    }
    ip(node, "link", "add", "br0", "type", "bridge", "forward_delay", "0");
    ip(node, "addr", "add", GATEWAY_V4 + "/16", "dev", "br0");
    ip(node, "-6", "addr", "add", GATEWAY_V6 + "/64", "dev", "br0", "nodad");
    ip(node, "link", "set", "br0", "up");
    // the node's own address (hostNetwork pods use it); on lo, as no dummy driver may exist
    ip(node, "addr", "add", NODE_IP + "/32", "dev", "lo");
    Sh.run(
        "ip",
        "netns",
        "exec",
        node,
        "sysctl",
        "-qw",
        "net.ipv4.ip_forward=1",
        "net.ipv6.conf.all.forwarding=1",
        "net.ipv4.conf.all.send_redirects=0",
        "net.ipv4.conf.br0.send_redirects=0");
    // a route for Service addresses, so the node's own processes (hostNetwork pods) can reach
    // them: the output path looks a route up before DNAT rewrites the destination
    ip(node, "route", "add", SERVICE_CIDR, "dev", "br0");
    ip(node, "-6", "route", "add", SERVICE_CIDR_V6, "dev", "br0");
    nft("add table ip netmapper");
    nft("add chain ip netmapper prerouting { type nat hook prerouting priority -100 ; }");
    nft("add chain ip netmapper output { type nat hook output priority -100 ; }");
  }

  /** A pod namespace with its addresses; {@code ipv6} may be null. */
  public String addPod(String role, String ipv4, String ipv6) {
    String ns = prefix + "-" + role;
    addNetns(ns);
    String host = "nv" + prefix.replaceAll("[^0-9a-z]", "").substring(4) + "x" + (++links);
    ip(node, "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", ns);
    ip(node, "link", "set", host, "master", "br0", "up");
    if (ipv4 != null) {
      ip(ns, "addr", "add", ipv4 + "/32", "dev", "eth0");
    }
    if (ipv6 != null) {
      ip(ns, "-6", "addr", "add", ipv6 + "/128", "dev", "eth0", "nodad");
    }
    ip(ns, "link", "set", "eth0", "up");
    if (ipv4 != null) {
      ip(ns, "route", "add", "default", "via", GATEWAY_V4, "dev", "eth0", "onlink");
    }
    if (ipv6 != null) {
      ip(ns, "-6", "route", "add", "default", "via", GATEWAY_V6, "dev", "eth0", "onlink");
    }
    // the node reaches the pod through its veth (not by guessing on the bridge)
    if (ipv4 != null) {
      ip(node, "route", "replace", ipv4 + "/32", "dev", "br0");
    }
    if (ipv6 != null) {
      ip(node, "-6", "route", "replace", ipv6 + "/128", "dev", "br0");
    }
    return ns;
  }

  /** Moves an address from one pod namespace to another (IP reuse after deletion). */
  public void deletePod(String ns) {
    Sh.quietly("ip", "netns", "del", ns);
    deleted.add(ns); // its cleanup has nothing left to do
  }

  /** External hosts: one "internet" namespace holding their addresses, routed from the node. */
  public String addExternalHosts(List<String> addresses) {
    if (internet == null) {
      internet = prefix + "-inet";
      addNetns(internet);
      String host = "ni" + prefix.replaceAll("[^0-9a-z]", "").substring(4);
      ip(node, "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", internet);
      ip(node, "addr", "add", "192.0.2.1/30", "dev", host);
      ip(node, "link", "set", host, "up");
      ip(internet, "addr", "add", "192.0.2.2/30", "dev", "eth0");
      ip(internet, "link", "set", "eth0", "up");
      ip(internet, "route", "add", "10.244.0.0/16", "via", "192.0.2.1");
      ip(internet, "route", "add", NODE_IP + "/32", "via", "192.0.2.1");
    }
    for (String a : addresses) {
      ip(internet, "addr", "add", a + "/32", "dev", "lo");
      ip(node, "route", "replace", a + "/32", "via", "192.0.2.2");
    }
    return internet;
  }

  /**
   * kube-proxy's job: connections to clusterIp:port go to one of the backends (random). Called
   * again whenever the backends change (a pod deleted or started): the Service port's chain is
   * rewritten, so no rule keeps pointing at an address a deleted pod gave up. No backends: no rule
   * (connections to the Service go nowhere, as without endpoints in a cluster).
   */
  public void clusterIp(String clusterIp, int port, List<String> backendIps, int targetPort) {
    boolean v6 = clusterIp.contains(":");
    String family = v6 ? "ip6" : "ip";
    String table = v6 ? "netmapper6" : "netmapper";
    String chain = "svc_" + clusterIp.replaceAll("[^0-9a-f]", "_") + "_" + port;
    if (v6 && !natRules.contains("ip6-table")) {
      nft("add table ip6 netmapper6");
      nft("add chain ip6 netmapper6 prerouting { type nat hook prerouting priority -100 ; }");
      nft("add chain ip6 netmapper6 output { type nat hook output priority -100 ; }");
      natRules.add("ip6-table");
    }
    String key = clusterIp + ":" + port;
    if (natRules.contains(key)) {
      nft("flush chain " + family + " " + table + " " + chain);
    } else {
      nft("add chain " + family + " " + table + " " + chain);
      for (String hook : List.of("prerouting", "output")) {
        nft(
            "add rule "
                + family
                + " "
                + table
                + " "
                + hook
                + " "
                + family
                + " daddr "
                + clusterIp
                + " tcp dport "
                + port
                + " jump "
                + chain);
      }
      natRules.add(key);
    }
    if (backendIps.isEmpty()) {
      return;
    }
    String target;
    if (backendIps.size() == 1) {
      target = (v6 ? "[" + backendIps.get(0) + "]" : backendIps.get(0)) + ":" + targetPort;
    } else {
      StringBuilder map = new StringBuilder("numgen random mod " + backendIps.size() + " map { ");
      for (int i = 0; i < backendIps.size(); i++) {
        map.append(i)
            .append(" : ")
            .append(backendIps.get(i))
            .append(i + 1 < backendIps.size() ? ", " : " }");
      }
      target = map + " : " + targetPort;
    }
    nft(
        "add rule "
            + family
            + " "
            + table
            + " "
            + chain
            + " tcp dport "
            + port
            + " dnat to "
            + target);
  }

  private void addNetns(String ns) {
    Sh.run("ip", "netns", "add", ns);
    cleanups.push(
        () -> {
          if (!deleted.contains(ns)) {
            Sh.quietly("ip", "netns", "del", ns);
          }
        });
    ip(ns, "link", "set", "lo", "up");
  }

  private static void ip(String ns, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
    cmd.addAll(List.of(args));
    Sh.run(cmd);
  }

  private void nft(String rule) {
    Sh.run("ip", "netns", "exec", node, "nft", rule);
  }

  /** Deletes every namespace of this run (veths and routes go with them). */
  @Override
  public void close() {
    while (!cleanups.isEmpty()) {
      cleanups.pop().run();
    }
  }

  /** Removes namespaces left by earlier runs whose controlling process is gone. */
  public static void removeStale() {
    String list;
    try {
      list = Sh.run("ip", "netns", "list");
    } catch (IllegalStateException e) {
      return;
    }
    for (String line : list.split("\n")) {
      String name = line.split("\\s+")[0];
      if (!name.startsWith("nmtb-")) {
        continue;
      }
      String[] parts = name.split("-");
      if (parts.length < 2) {
        continue;
      }
      try {
        long pid = Long.parseLong(parts[1], 16);
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
      } catch (NumberFormatException e) {
        // not ours
        continue;
      }
      Sh.quietly("ip", "netns", "del", name);
      Cgroups.removeRun(parts[0] + parts[1]);
    }
  }

  public Map<String, String> summary() {
    return Map.of("node", node, "natRules", String.valueOf(natRules.size()));
  }
}
