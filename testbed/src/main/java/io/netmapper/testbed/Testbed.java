package io.netmapper.testbed;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmapper.mapper.Mapper;
import io.netmapper.mapper.MapperConfig;
import io.netmapper.testbed.cluster.ClusterDns;
import io.netmapper.testbed.cluster.FakeCluster;
import io.netmapper.testbed.netns.Cgroups;
import io.netmapper.testbed.netns.Topology;
import io.netmapper.testbed.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a scenario's cluster inside the node network namespace this JVM runs in: the API server,
 * the cluster DNS, pods (namespaces, addresses, cgroups, processes), ClusterIP rules, external
 * hosts — and runs the real mapper and sniffer on it.
 */
final class Testbed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Testbed.class);
  static final String DOMAIN = "cluster.local";

  /** A running pod of the testbed. */
  record RunningPod(
      Scenario.Workload workload,
      String name,
      String uid,
      String ipv4,
      String ipv6,
      String netns,
      PodProcess process) {}

  private final String prefix;
  private final Scenario scenario;
  private final Path workDir;
  private final Topology topology;
  private final FakeCluster cluster;
  private final ClusterDns dns = new ClusterDns();
  private final Map<String, List<RunningPod>> podsByWorkload = new LinkedHashMap<>();
  private final Map<String, String> clusterIps = new HashMap<>();
  private final Set<String> replacements = new HashSet<>();
  private final SnifferRunner sniffer;
  private KubernetesClient mapperClient;
  private Mapper mapper;
  private int nextPod = 10;
  private int nextService = 10;

  Testbed(String prefix, Scenario scenario, Path workDir) throws IOException {
    this.prefix = prefix;
    this.scenario = scenario;
    this.workDir = workDir;
    this.topology = new Topology(prefix);
    this.cluster = new FakeCluster();
    this.sniffer = new SnifferRunner(prefix);
    scenario.events().forEach(e -> replacements.add(e.replacement()));
  }

  /** Builds the cluster, starts the mapper, the pods, then the sniffer, then the traffic. */
  void start() throws Exception {
    topology.createNode();
    cluster.node(Topology.NODE_IP, List.of(Topology.POD_CIDR_V4, Topology.POD_CIDR_V6));
    cluster.apiServerService("10.96.0.1", Topology.NODE_IP);
    startMapper();
    for (Scenario.Workload w : scenario.workloads()) {
      if (!replacements.contains(w.name())) {
        OwnerReference owner = cluster.owners(w);
        for (int i = 0; i < w.replicas(); i++) {
          createPod(w, owner, i, null);
        }
      }
    }
    for (Scenario.Service s : scenario.services()) {
      createService(s);
    }
    List<String> externalIps = scenario.externals().stream().map(Scenario.External::ip).toList();
    if (!externalIps.isEmpty()) {
      String inet = topology.addExternalHosts(externalIps);
      for (Scenario.External e : scenario.externals()) {
        if (e.name() != null) {
          String last = e.name();
          for (String c : e.cnames()) {
            dns.cname(last, c);
            last = c;
          }
          dns.a(last, e.ip());
        }
      }
      startExternalHosts(inet);
    }
    dns.start(Topology.DNS_IP);
    for (List<RunningPod> pods : podsByWorkload.values()) {
      for (RunningPod p : pods) {
        startProcess(p);
      }
    }
    for (List<RunningPod> pods : podsByWorkload.values()) {
      for (RunningPod p : pods) {
        p.process().awaitReady(60);
      }
    }
    // long-lived connections are open now; the sniffer starts after them, as on a node where
    // netmapper is installed into a running cluster
    sniffer.start("127.0.0.1:" + mapper.port(), topology.nodeNetns());
    podsByWorkload.values().forEach(ps -> ps.forEach(p -> p.process().go()));
  }

  private void startMapper() throws IOException {
    Path kubeconfig = cluster.writeKubeconfig(workDir.resolve("kubeconfig"));
    Config config =
        Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    mapperClient = new KubernetesClientBuilder().withConfig(config).build();
    MapperConfig mapperConfig =
        MapperConfig.parse(
            new String[] {
              "--bind-address",
              "127.0.0.1",
              "--port",
              "0",
              "--cluster-cidrs",
              Topology.POD_CIDR_V4 + "," + Topology.POD_CIDR_V6 + "," + Topology.SERVICE_CIDR,
              "--cluster-domain",
              DOMAIN,
              "--pending-timeout",
              "PT10S",
              "--retry-interval",
              "PT0.5S",
              "--telemetry-enabled",
              "false",
              "--data-dir",
              workDir.resolve("mapper-data").toString()
            },
            Map.of());
    mapper = new Mapper(mapperConfig, mapperClient, Clock.systemUTC());
    mapper.start();
  }

  int mapperPort() {
    return mapper.port();
  }

  Path workDir() {
    return workDir;
  }

  private RunningPod createPod(Scenario.Workload w, OwnerReference owner, int index, String reuseIp)
      throws IOException {
    String name =
        switch (w.kind()) {
          case "StatefulSet" -> w.name() + "-" + index;
          case "Pod" -> w.name();
          default -> (owner == null ? w.name() : owner.getName()) + "-" + suffix(w.name(), index);
        };
    String ipv4;
    String ipv6 = null;
    String netns;
    if (w.hostNetwork()) {
      ipv4 = Topology.NODE_IP;
      netns = topology.nodeNetns();
    } else {
      int n =
          reuseIp != null
              ? Integer.parseInt(reuseIp.substring(reuseIp.lastIndexOf('.') + 1))
              : nextPod++;
      ipv4 = "10.244.0." + n;
      ipv6 = w.ipv6() ? "fd00:10:244::" + Integer.toHexString(n) : null;
      netns = topology.addPod("p" + n + (reuseIp != null ? "r" : ""), ipv4, ipv6);
    }
    Pod pod = cluster.pod(w, name, owner, ipv4, ipv6);
    if (!w.hostNetwork()) {
      dns.replace(ipv4.replace('.', '-') + "." + w.namespace() + ".pod." + DOMAIN, ipv4);
    }
    RunningPod running =
        new RunningPod(w, name, pod.getMetadata().getUid(), ipv4, ipv6, netns, null);
    podsByWorkload.computeIfAbsent(w.ref(), k -> new ArrayList<>()).add(running);
    return running;
  }

  private static String suffix(String seed, int index) {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    int h = Math.abs((seed + index).hashCode());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(chars.charAt(h % chars.length()));
      h = h / chars.length() + 7 * i;
    }
    return sb.toString();
  }

  private void startProcess(RunningPod p) throws IOException {
    Path cgroup =
        Cgroups.create(
            prefix.replace("-", ""), p.uid(), UUID.randomUUID().toString().replace("-", ""));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--dns",
                Topology.DNS_IP,
                "--search",
                p.workload().namespace() + ".svc." + DOMAIN + ",svc." + DOMAIN + "," + DOMAIN));
    for (int port : p.workload().ports()) {
      args.addAll(List.of("--listen", String.valueOf(port)));
    }
    for (Scenario.Traffic t : scenario.traffic()) {
      if (matches(t.from(), p.workload())) {
        args.addAll(
            List.of(
                "--traffic",
                target(t.to(), p.workload().namespace())
                    + "|"
                    + t.port()
                    + "|"
                    + t.mode()
                    + "|"
                    + t.interval().toMillis()
                    + "|"
                    + t.delay().toMillis()));
      }
    }
    PodProcess process =
        new PodProcess(p.workload().namespace() + "/" + p.name(), p.netns(), cgroup, args);
    List<RunningPod> list = podsByWorkload.get(p.workload().ref());
    list.set(
        list.indexOf(p),
        new RunningPod(p.workload(), p.name(), p.uid(), p.ipv4(), p.ipv6(), p.netns(), process));
  }

  private static boolean matches(String from, Scenario.Workload w) {
    return from.equals(w.name())
        || from.equals(w.name() + "." + w.namespace())
        || from.equals(w.ref());
  }

  /** What the pod dials: a name for its DNS lookup, or an address. */
  private String target(String to, String namespace) {
    if (to.startsWith("ip:")) {
      return to.substring(3);
    }
    if (to.startsWith("clusterip:")) {
      String ip = clusterIps.get(ref(to.substring("clusterip:".length()), namespace));
      if (ip == null) {
        throw new IllegalArgumentException(
            "traffic to " + to + ": no such Service with a ClusterIP");
      }
      return ip;
    }
    if (to.startsWith("ipv6:")) {
      List<RunningPod> pods = podsByWorkload.get(ref(to.substring(5), namespace));
      if (pods == null || pods.isEmpty() || pods.get(0).ipv6() == null) {
        throw new IllegalArgumentException(
            "traffic to " + to + ": no such workload with an IPv6 address");
      }
      return pods.get(0).ipv6();
    }
    if (to.startsWith("pod:")) {
      List<RunningPod> pods = podsByWorkload.get(ref(to.substring(4), namespace));
      if (pods == null || pods.isEmpty()) {
        throw new IllegalArgumentException("traffic to " + to + ": no such workload");
      }
      RunningPod pod = pods.get(0);
      return pod.ipv4().replace('.', '-') + "." + pod.workload().namespace() + ".pod." + DOMAIN;
    }
    return to;
  }

  /** {@code name} or {@code name.namespace} → {@code namespace/name}. */
  private static String ref(String nameOrQualified, String defaultNamespace) {
    int dot = nameOrQualified.indexOf('.');
    return dot < 0
        ? defaultNamespace + "/" + nameOrQualified
        : nameOrQualified.substring(dot + 1) + "/" + nameOrQualified.substring(0, dot);
  }

  private void createService(Scenario.Service s) {
    List<RunningPod> backends = new ArrayList<>();
    podsByWorkload
        .values()
        .forEach(
            ps ->
                ps.stream()
                    .filter(p -> p.workload().namespace().equals(s.namespace()))
                    .filter(
                        p -> p.workload().labels().entrySet().containsAll(s.selector().entrySet()))
                    .forEach(backends::add));
    String clusterIp = s.headless() ? null : "10.96.0." + (nextService++);
    List<String> ips = backends.stream().map(RunningPod::ipv4).toList();
    cluster.service(s, clusterIp, ips, backends.stream().map(RunningPod::name).toList());
    String fqdn = s.name() + "." + s.namespace() + ".svc." + DOMAIN;
    if (clusterIp != null) {
      clusterIps.put(s.namespace() + "/" + s.name(), clusterIp);
      dns.a(fqdn, clusterIp);
      for (Scenario.Port p : s.ports()) {
        topology.clusterIp(clusterIp, p.port(), ips, p.targetPort());
      }
    } else {
      for (RunningPod p : backends) {
        dns.a(fqdn, p.ipv4());
        dns.a(p.name() + "." + fqdn, p.ipv4());
      }
    }
  }

  private void startExternalHosts(String inetNetns) throws IOException {
    List<String> args = new ArrayList<>();
    Set<Integer> ports = new HashSet<>();
    scenario.externals().forEach(e -> ports.addAll(e.ports()));
    for (int port : ports) {
      args.addAll(List.of("--listen", String.valueOf(port)));
    }
    Path cgroup = Cgroups.create(prefix.replace("-", ""), "external-hosts", "internet");
    PodProcess hosts = new PodProcess("internet", inetNetns, cgroup, args);
    podsByWorkload.computeIfAbsent("internet", k -> new ArrayList<>());
    hostsProcess = hosts;
  }

  private PodProcess hostsProcess;

  /** Runs the scenario's timed events (relative to the start of traffic). */
  void runEvents(long startedAtMillis) throws Exception {
    for (Scenario.Event e : scenario.events()) {
      long wait = startedAtMillis + e.at().toMillis() - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      List<RunningPod> pods = podsByWorkload.get(refOf(e.workload()));
      if (pods == null || pods.isEmpty()) {
        throw new IllegalArgumentException(
            "event " + e.action() + ": no running pod of " + e.workload());
      }
      RunningPod old = pods.remove(0);
      LOG.info(
          "event reuse-ip: deleting pod {}/{} ({})",
          old.workload().namespace(),
          old.name(),
          old.ipv4());
      old.process().close();
      cluster.deletePod(old.workload().namespace(), old.name());
      topology.deletePod(old.netns());
      Scenario.Workload next =
          scenario.workloads().stream()
              .filter(w -> w.name().equals(e.replacement()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "event reuse-ip: no workload " + e.replacement()));
      Thread.sleep(
          1_100); // API timestamps have one-second resolution: the new pod is created after the old
      // one ended
      RunningPod fresh = createPod(next, cluster.owners(next), 0, old.ipv4());
      startProcess(fresh);
      RunningPod started = podsByWorkload.get(next.ref()).get(0);
      started.process().awaitReady(60);
      started.process().go();
      LOG.info(
          "event reuse-ip: pod {}/{} now holds {}", next.namespace(), started.name(), old.ipv4());
    }
  }

  private String refOf(String workload) {
    return scenario.workloads().stream()
        .filter(w -> w.name().equals(workload) || w.ref().equals(workload))
        .map(Scenario.Workload::ref)
        .findFirst()
        .orElse(workload);
  }

  /** Every connection a pod opened: (epoch millis, server port). */
  List<long[]> connects() {
    List<long[]> out = new ArrayList<>();
    podsByWorkload
        .values()
        .forEach(
            ps ->
                ps.forEach(
                    p -> {
                      if (p.process() != null) {
                        out.addAll(p.process().connects());
                      }
                    }));
    return out;
  }

  int connectionsMade() {
    return podsByWorkload.values().stream()
        .flatMap(List::stream)
        .filter(p -> p.process() != null)
        .mapToInt(p -> p.process().connections())
        .sum();
  }

  @Override
  public void close() {
    sniffer.close();
    podsByWorkload
        .values()
        .forEach(
            ps ->
                ps.forEach(
                    p -> {
                      if (p.process() != null) {
                        p.process().close();
                      }
                    }));
    if (hostsProcess != null) {
      hostsProcess.close();
    }
    if (mapper != null) {
      mapper.close();
    }
    if (mapperClient != null) {
      mapperClient.close();
    }
    dns.close();
    cluster.close();
    topology.close();
    Cgroups.removeRun(prefix.replace("-", ""));
  }
}
