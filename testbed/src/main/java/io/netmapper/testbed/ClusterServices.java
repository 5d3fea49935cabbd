package io.netmapper.testbed;

import io.netmapper.testbed.cluster.ClusterDns;
import io.netmapper.testbed.cluster.FakeCluster;
import io.netmapper.testbed.netns.Topology;
import io.netmapper.testbed.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster's control plane keeps in step with pods, for the scenario's Services: the
 * EndpointSlice controller (one slice per address family, each endpoint with its pod as {@code
 * targetRef}), kube-proxy (DNAT from each ClusterIP and port to the current backends) and the
 * cluster DNS (ClusterIPs; the pods of headless Services). {@link #sync} runs after every pod
 * change, so a deleted pod leaves its Services' slices, DNAT rules and DNS answers.
 */
final class ClusterServices {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterServices.class);

  private final FakeCluster cluster;
  private final Topology topology;
  private final ClusterDns dns;
  private final String domain;
  private final Map<String, Scenario.Service> services = new LinkedHashMap<>();
  private final Map<String, List<String>> clusterIps = new LinkedHashMap<>();
  private final Map<String, List<Testbed.RunningPod>> backends = new LinkedHashMap<>();
  private int next = 10;

  ClusterServices(FakeCluster cluster, Topology topology, ClusterDns dns, String domain) {
    this.cluster = cluster;
    this.topology = topology;
    this.dns = dns;
    this.domain = domain;
  }

  /** Creates a Service (ClusterIPs from 10.96.0.0/16 and fd00:10:96::/112) and its endpoints. */
  synchronized void create(Scenario.Service s, List<Testbed.RunningPod> pods) {
    List<String> ips = new ArrayList<>();
    if (!s.headless()) {
      int n = next++;
      for (String family : s.ipFamilies()) {
        ips.add(family.equals("IPv6") ? "fd00:10:96::" + Integer.toHexString(n) : "10.96.0." + n);
      }
    }
    services.put(s.ref(), s);
    clusterIps.put(s.ref(), ips);
    cluster.service(s, ips);
    ips.forEach(ip -> dns.a(fqdn(s), ip));
    apply(s, selected(s, pods));
  }

  /** The Service's primary ClusterIP, or null (headless, or no such Service). */
  synchronized String clusterIp(String ref) {
    List<String> ips = clusterIps.get(ref);
    return ips == null || ips.isEmpty() ? null : ips.get(0);
  }

  /** Brings every Service's endpoints, DNAT and DNS in step with the pods running now. */
  synchronized void sync(Supplier<List<Testbed.RunningPod>> pods) {
    List<Testbed.RunningPod> now = pods.get();
    for (Scenario.Service s : services.values()) {
      List<Testbed.RunningPod> selected = selected(s, now);
      if (!names(selected).equals(names(backends.get(s.ref())))) {
        LOG.info("service {}: endpoints now {}", s.ref(), names(selected));
        apply(s, selected);
      }
    }
  }

  private void apply(Scenario.Service s, List<Testbed.RunningPod> pods) {
    List<String> previous = names(backends.get(s.ref()));
    backends.put(s.ref(), pods);
    List<String> ips = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Testbed.RunningPod p : pods) {
      for (String ip : addresses(p, s.ipFamilies())) {
        ips.add(ip);
        names.add(p.name());
      }
    }
    cluster.endpoints(s, ips, names);
    List<String> own = clusterIps.get(s.ref());
    if (!own.isEmpty()) {
      for (String clusterIp : own) {
        List<String> sameFamily =
            ips.stream().filter(ip -> ip.contains(":") == clusterIp.contains(":")).toList();
        for (Scenario.Port p : s.ports()) {
          topology.clusterIp(clusterIp, p.port(), sameFamily, p.targetPort());
        }
      }
    } else {
      dns.set(fqdn(s), ips);
      previous.forEach(name -> dns.set(name + "." + fqdn(s), List.of()));
      for (Testbed.RunningPod p : pods) {
        dns.set(p.name() + "." + fqdn(s), addresses(p, s.ipFamilies()));
      }
    }
  }

  private static List<String> addresses(Testbed.RunningPod p, List<String> families) {
    List<String> out = new ArrayList<>(2);
    for (String family : families) {
      String ip = family.equals("IPv6") ? p.ipv6() : p.ipv4();
      if (ip != null) {
        out.add(ip);
      }
    }
    return out;
  }

  private static List<Testbed.RunningPod> selected(
      Scenario.Service s, List<Testbed.RunningPod> pods) {
    return pods.stream()
        .filter(p -> p.workload().namespace().equals(s.namespace()))
        .filter(p -> p.workload().labels().entrySet().containsAll(s.selector().entrySet()))
        .toList();
  }

  private static List<String> names(List<Testbed.RunningPod> pods) {
    return pods == null ? List.of() : pods.stream().map(Testbed.RunningPod::name).toList();
  }

  private String fqdn(Scenario.Service s) {
    return s.name() + "." + s.namespace() + ".svc." + domain;
  }
}
