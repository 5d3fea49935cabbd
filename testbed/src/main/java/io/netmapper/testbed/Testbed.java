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
  private final Set<String> replacements = new HashSet<>();
  private final SnifferRunner sniffer;
  private final ClusterServices services;
  // the EndpointSlice controller and kube-proxy, when an event makes them lag behind a deletion
  private final java.util.concurrent.ScheduledExecutorService controllers =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
  private KubernetesClient mapperClient;
  private Mapper mapper;
  private int nextPod = 10;

  Testbed(String prefix, Scenario scenario, Path workDir) throws IOException {
    this.prefix = prefix;
    this.scenario = scenario;
    this.workDir = workDir;
    this.topology = new Topology(prefix);
    this.cluster = new FakeCluster();
    this.sniffer = new SnifferRunner(prefix);
    this.services = new ClusterServices(cluster, topology, dns, DOMAIN);
    scenario.events().stream()
        .filter(e -> e.replacement() != null)
        .forEach(e -> replacements.add(e.replacement()));
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
      services.create(s, runningPods());
    }
    List<String> externalIps =
        scenario.externals().stream()
            .map(Scenario.External::ip)
            .filter(java.util.Objects::nonNull)
            .toList();
    if (!externalIps.isEmpty()) {
      String inet = topology.addExternalHosts(externalIps);
      for (Scenario.External e : scenario.externals()) {
        if (e.name() != null && e.ip() == null) {
          dns.empty(e.name()); // the name exists without addresses: NODATA
        } else if (e.name() != null) {
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
    dns.start(Topology.GATEWAY_V6); // IPv6-only pods ask over IPv6
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
    sniffer.start("127.0.0.1:" + mapper.port(), topology.nodeNetns(), Cgroups.root());
    LOG.info("sniffer host-network attribution: {}", sniffer.hostnetState());
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
              String.join(
                  ",",
                  Topology.POD_CIDR_V4,
                  Topology.POD_CIDR_V6,
                  Topology.SERVICE_CIDR,
                  Topology.SERVICE_CIDR_V6),
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

  /** The sniffer's metrics, in Prometheus text. */
  String snifferMetrics() {
    return sniffer.metrics();
  }

  /** Running pods by workload ({@code namespace/name}), for policy enforcement runs. */
  Map<String, List<RunningPod>> pods() {
    return java.util.Collections.unmodifiableMap(podsByWorkload);
  }

  Scenario scenario() {
    return scenario;
  }

  io.fabric8.kubernetes.client.KubernetesClient apiClient() {
    return cluster.client();
  }

  String nodeNetns() {
    return topology.nodeNetns();
  }

  /** Traffic entries the pod's agent runs (what a REPLAY answers for). */
  long trafficEntriesOf(Scenario.Workload w) {
    return scenario.traffic().stream().filter(t -> matches(t.from(), w)).count();
  }

  int mapperPort() {
    return mapper.port();
  }

  Path workDir() {
    return workDir;
  }

  private RunningPod createPod(
      Scenario.Workload w, OwnerReference owner, int index, Integer reuseIndex) throws IOException {
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
      int n = reuseIndex != null ? reuseIndex : nextPod++;
      ipv4 = w.ipv4() ? "10.244.0." + n : null;
      ipv6 = w.ipv6() ? "fd00:10:244::" + Integer.toHexString(n) : null;
      netns = topology.addPod("p" + n + (reuseIndex != null ? "r" : ""), ipv4, ipv6);
    }
    Pod pod = cluster.pod(w, name, owner, ipv4, ipv6);
    if (!w.hostNetwork()) {
      dns.set(
          podDnsName(ipv4 != null ? ipv4 : ipv6, w.namespace()),
          List.of(ipv4 != null ? ipv4 : ipv6));
    }
    RunningPod running =
        new RunningPod(w, name, pod.getMetadata().getUid(), ipv4, ipv6, netns, null);
    synchronized (podsByWorkload) {
      podsByWorkload.computeIfAbsent(w.ref(), k -> new ArrayList<>()).add(running);
    }
    return running;
  }

  /** A pod's DNS name: its address with dashes ({@code 10-244-0-12}, {@code fd00-10-244--c}). */
  private static String podDnsName(String ip, String namespace) {
    return ip.replace('.', '-').replace(':', '-') + "." + namespace + ".pod." + DOMAIN;
  }

  /** Every pod running now (a copy: events change the pods while controllers read them). */
  private List<RunningPod> runningPods() {
    synchronized (podsByWorkload) {
      return podsByWorkload.values().stream().flatMap(List::stream).toList();
    }
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
                p.workload().ipv4() ? Topology.DNS_IP : Topology.GATEWAY_V6,
                "--families",
                p.workload().ipv4() ? "IPv4,IPv6" : "IPv6",
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
    synchronized (podsByWorkload) {
      List<RunningPod> list = podsByWorkload.get(p.workload().ref());
      list.set(
          list.indexOf(p),
          new RunningPod(p.workload(), p.name(), p.uid(), p.ipv4(), p.ipv6(), p.netns(), process));
    }
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
      String ip = services.clusterIp(ref(to.substring("clusterip:".length()), namespace));
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
      return podDnsName(pod.ipv4() != null ? pod.ipv4() : pod.ipv6(), pod.workload().namespace());
    }
    if (to.equals("node:") || to.equals("node:" + FakeCluster.NODE_NAME)) {
      return Topology.NODE_IP; // the node's own address: hostNetwork servers listen there
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
      RunningPod old;
      synchronized (podsByWorkload) {
        List<RunningPod> pods = podsByWorkload.get(refOf(e.workload()));
        if (pods == null || pods.isEmpty()) {
          throw new IllegalArgumentException(
              "event " + e.action() + ": no running pod of " + e.workload());
        }
        old = pods.remove(0);
      }
      String oldIp = old.ipv4() != null ? old.ipv4() : old.ipv6();
      LOG.info(
          "event {}: deleting pod {}/{} ({})",
          e.action(),
          old.workload().namespace(),
          old.name(),
          oldIp);
      old.process().close();
      cluster.deletePod(old.workload().namespace(), old.name());
      topology.deletePod(old.netns());
      // the EndpointSlice controller and kube-proxy follow the deletion, at once or after a lag
      if (e.endpointsLag().isZero()) {
        services.sync(this::runningPods);
      } else {
        controllers.schedule(
            () -> services.sync(this::runningPods),
            e.endpointsLag().toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      if (e.action().equals("delete-pod")) {
        continue;
      }
      Scenario.Workload next =
          scenario.workloads().stream()
              .filter(w -> w.name().equals(e.replacement()) || w.ref().equals(e.replacement()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "event reuse-ip: no workload " + e.replacement()));
      // API timestamps have one-second resolution: the new pod is created after the old one ended
      Thread.sleep(1_100);
      RunningPod fresh = createPod(next, cluster.owners(next), 0, reuseIndex(old));
      startProcess(fresh);
      RunningPod started;
      synchronized (podsByWorkload) {
        started = podsByWorkload.get(next.ref()).get(0);
      }
      started.process().awaitReady(60);
      if (e.endpointsLag().isZero()) {
        services.sync(this::runningPods);
      }
      started.process().go();
      LOG.info("event reuse-ip: pod {}/{} now holds {}", next.namespace(), started.name(), oldIp);
    }
  }

  /** The host number of a pod's addresses (10.244.0.n, fd00:10:244::n in hex). */
  private static int reuseIndex(RunningPod p) {
    return p.ipv4() != null
        ? Integer.parseInt(p.ipv4().substring(p.ipv4().lastIndexOf('.') + 1))
        : Integer.parseInt(p.ipv6().substring(p.ipv6().lastIndexOf(':') + 1), 16);
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
    controllers.shutdownNow();
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
