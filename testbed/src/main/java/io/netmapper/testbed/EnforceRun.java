package io.netmapper.testbed;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmapper.cli.Cli;
import io.netmapper.cli.CliContext;
import io.netmapper.cli.policy.Party;
import io.netmapper.cli.policy.PolicyEvaluator;
import io.netmapper.cli.policy.PolicyFiles;
import io.netmapper.testbed.policy.NftPolicyEnforcer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code netmapper demo --enforce}: export NetworkPolicies from the map, check them with {@code
 * policy check}, apply them to the API server, let the testbed enforce them with nftables, replay
 * every pod's traffic, probe from each client to a workload and port it never used, and compare
 * every outcome with the CLI's evaluator.
 */
final class EnforceRun {
  /**
   * What the run found; {@link #passed()} when nothing observed broke and every probe was stopped.
   */
  record Outcome(
      int policies,
      int replayed,
      int replayBlocked,
      int probes,
      int probesBlocked,
      int checkExitCode,
      int disagreements) {
    boolean passed() {
      return replayBlocked == 0
          && probesBlocked == probes
          && checkExitCode == 0
          && disagreements == 0;
    }

    String summary() {
      return policies
          + " policies, "
          + replayed
          + " observed connections replayed, "
          + replayBlocked
          + " blocked, "
          + probesBlocked
          + " unobserved probes blocked"
          + (probesBlocked == probes ? "" : " (of " + probes + ")");
    }
  }

  private record Result(
      Testbed.RunningPod pod, boolean ok, String address, int port, String line) {}

  /** The "internet" namespace's end of its link to the node (see Topology.addExternalHosts). */
  private static final String OUTSIDE_PROBE_ADDRESS = "192.0.2.2";

  private final Testbed testbed;
  private final Path dir;
  private final String mapperTarget;

  EnforceRun(Testbed testbed, Path dir, String mapperTarget) {
    this.testbed = testbed;
    this.dir = dir;
    this.mapperTarget = mapperTarget;
  }

  Outcome run() throws Exception {
    Path policyDir = dir.resolve("policies");
    cli(
        "export",
        "--format",
        "networkpolicy",
        "--default-deny",
        "--mapper-url",
        mapperTarget,
        "-o",
        policyDir.toString(),
        "--output-type",
        "dir");
    int check = cli("policy", "check", "-f", policyDir.toString(), "--mapper-url", mapperTarget);
    List<NetworkPolicy> policies = PolicyFiles.read(List.of(policyDir));
    KubernetesClient client = testbed.apiClient();
    for (NetworkPolicy p : policies) {
      client.resource(p).create();
    }
    try (NftPolicyEnforcer enforcer = new NftPolicyEnforcer(client, testbed.nodeNetns())) {
      enforcer.start();
      if (!enforcer.awaitApplied(policies.size(), 30_000)) {
        throw new IllegalStateException("the policy enforcer did not apply the policies in 30 s");
      }
      System.out.println("enforcing " + policies.size() + " NetworkPolicies with nftables");
      List<Result> replays = replay();
      List<Result> probes = probe(replays);
      Cluster cluster = Cluster.read(client);
      PolicyEvaluator evaluator = new PolicyEvaluator(policies);
      int disagreements = 0;
      int replayBlocked = 0;
      for (Result r : replays) {
        if (!r.ok()) {
          replayBlocked++;
          System.out.println("  BLOCKED observed: " + r.pod().name() + " " + r.line());
        }
        disagreements += agree(cluster, evaluator, r) ? 0 : 1;
      }
      int probesBlocked = 0;
      for (Result r : probes) {
        if (!r.ok()) {
          probesBlocked++;
        } else {
          System.out.println("  NOT BLOCKED probe: " + r.pod().name() + " " + r.line());
        }
        disagreements += agree(cluster, evaluator, r) ? 0 : 1;
      }
      System.out.println(
          "policy check and nftables enforcement "
              + (disagreements == 0 ? "agree" : "DISAGREE")
              + " on "
              + (replays.size() + probes.size() - disagreements)
              + " of "
              + (replays.size() + probes.size())
              + " connections ("
              + enforcer.droppedPackets()
              + " packets dropped)");
      return new Outcome(
          policies.size(),
          replays.size(),
          replayBlocked,
          probes.size(),
          probesBlocked,
          check,
          disagreements);
    }
  }

  private List<Result> replay() throws Exception {
    List<Future<List<Result>>> futures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (List<Testbed.RunningPod> pods : testbed.pods().values()) {
        for (Testbed.RunningPod p : pods) {
          long entries = testbed.trafficEntriesOf(p.workload());
          if (p.process() == null || entries == 0) {
            continue;
          }
          futures.add(
              pool.submit(
                  () -> {
                    List<Result> out = new ArrayList<>();
                    for (String line :
                        p.process().request("REPLAY", (int) entries, entries * 5_000 + 5_000)) {
                      // REPLAY-OK <target> <address> <port> | REPLAY-FAILED <target> <address>
                      // <port> ...
                      String[] f = line.split(" ");
                      out.add(
                          new Result(
                              p, f[0].equals("REPLAY-OK"), f[2], Integer.parseInt(f[3]), line));
                    }
                    if (out.size() < entries) {
                      out.add(new Result(p, false, "-", 0, "replay answered too few lines"));
                    }
                    return out;
                  }));
        }
      }
      List<Result> all = new ArrayList<>();
      for (Future<List<Result>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One probe per client workload (not hostNetwork: policies cannot restrict those). */
  private List<Result> probe(List<Result> replays) throws Exception {
    Cluster cluster = Cluster.read(testbed.apiClient());
    Map<String, String> workloadByPod = new HashMap<>();
    testbed
        .pods()
        .forEach(
            (ref, pods) ->
                pods.forEach(
                    p -> workloadByPod.put(p.workload().namespace() + "/" + p.name(), ref)));
    Map<String, Set<String>> usedByClient = new HashMap<>();
    Map<String, Set<Integer>> portsByClient = new HashMap<>();
    for (Result r : replays) {
      String client = r.pod().workload().ref();
      portsByClient.computeIfAbsent(client, k -> new TreeSet<>()).add(r.port());
      Set<String> used = usedByClient.computeIfAbsent(client, k -> new TreeSet<>());
      for (Cluster.Backend b : cluster.backends(r.address(), r.port())) {
        if (b.pod() != null) {
          String key = b.pod().getMetadata().getNamespace() + "/" + b.pod().getMetadata().getName();
          if (workloadByPod.containsKey(key)) {
            used.add(workloadByPod.get(key));
          }
        }
      }
    }
    List<Future<Result>> futures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Map.Entry<String, List<Testbed.RunningPod>> e : testbed.pods().entrySet()) {
        if (e.getValue().isEmpty()
            || e.getValue().get(0).workload().hostNetwork()
            || testbed.trafficEntriesOf(e.getValue().get(0).workload()) == 0) {
          continue;
        }
        Testbed.RunningPod client = e.getValue().get(0);
        Set<String> used = usedByClient.getOrDefault(e.getKey(), Set.of());
        Set<Integer> usedPorts = portsByClient.getOrDefault(e.getKey(), Set.of());
        Testbed.RunningPod target = null;
        for (Map.Entry<String, List<Testbed.RunningPod>> t : testbed.pods().entrySet()) {
          if (t.getKey().equals(e.getKey())
              || t.getValue().isEmpty()
              || t.getValue().get(0).workload().hostNetwork()
              || used.contains(t.getKey())) {
            continue;
          }
          target = t.getValue().get(0);
          break;
        }
        int port;
        if (target == null) {
          // every other workload was used: a port it never used on one of them
          target =
              testbed.pods().entrySet().stream()
                  .filter(t -> !t.getKey().equals(e.getKey()) && !t.getValue().isEmpty())
                  .filter(t -> !t.getValue().get(0).workload().hostNetwork())
                  .map(t -> t.getValue().get(0))
                  .findFirst()
                  .orElse(null);
          port = 9;
          while (usedPorts.contains(port)) {
            port++;
          }
        } else {
          port =
              target.workload().ports().stream()
                  .filter(p -> !usedPorts.contains(p))
                  .findFirst()
                  .orElse(9);
        }
        String address;
        String label;
        if (target != null) {
          address = target.ipv4();
          label = target.workload().ref();
        } else if (!testbed.scenario().externals().isEmpty()) {
          // no other workload at all: the Internet side's own address, which no scenario dials
          address = OUTSIDE_PROBE_ADDRESS;
          label = "internet:" + OUTSIDE_PROBE_ADDRESS;
        } else {
          continue;
        }
        int probePort = port;
        futures.add(
            pool.submit(
                () -> {
                  List<String> answer =
                      client.process().request("PROBE " + address + " " + probePort, 1, 10_000);
                  String line = answer.isEmpty() ? "PROBE-PASSED no answer" : answer.get(0);
                  return new Result(
                      client,
                      line.startsWith("PROBE-PASSED"),
                      address,
                      probePort,
                      line + " (" + label + ")");
                }));
      }
      List<Result> out = new ArrayList<>();
      for (Future<Result> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The evaluator's verdict on the same connection must match what nftables did. */
  private boolean agree(Cluster cluster, PolicyEvaluator evaluator, Result r) {
    if (r.address().equals("-")) {
      System.out.println("  (no address to judge) " + r.line());
      return false;
    }
    Party from =
        r.pod().workload().hostNetwork()
            ? new Party.Address(r.pod().ipv4())
            : cluster.party(cluster.podNamed(r.pod().workload().namespace(), r.pod().name()));
    boolean allEvaluatedAllowed = true;
    boolean anyEvaluatedAllowed = false;
    for (Cluster.Backend b : cluster.backends(r.address(), r.port())) {
      Party to = b.pod() == null ? new Party.Address(b.address()) : cluster.party(b.pod());
      boolean allowed = evaluator.evaluate(from, to, "TCP", b.port()).allowed();
      allEvaluatedAllowed &= allowed;
      anyEvaluatedAllowed |= allowed;
    }
    boolean agrees = r.ok() ? allEvaluatedAllowed : !anyEvaluatedAllowed;
    if (!agrees) {
      System.out.println(
          "  DISAGREE: nftables " + (r.ok() ? "passed" : "blocked") + " " + r.line());
    }
    return agrees;
  }

  private int cli(String... args) {
    StringWriter out = new StringWriter();
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code =
        Cli.run(
            new CliContext(
                Map.of("KUBECONFIG", dir.resolve("kubeconfig").toString()),
                dir,
                new PrintWriter(out),
                err),
            args);
    System.out.print(out);
    System.out.flush();
    return code;
  }

  /** Pods, Services, EndpointSlices and Namespaces, read once from the API server. */
  record Cluster(
      Map<String, Pod> podsByIp,
      Map<String, Pod> podsByName,
      Map<String, Service> servicesByClusterIp,
      Map<String, List<EndpointSlice>> slicesByService,
      Map<String, Map<String, String>> namespaceLabels) {

    record Backend(String address, int port, Pod pod) {}

    static Cluster read(KubernetesClient client) {
      Map<String, Pod> byIp = new HashMap<>();
      Map<String, Pod> byName = new HashMap<>();
      for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
        byName.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p);
        if (p.getSpec() != null
            && !Boolean.TRUE.equals(p.getSpec().getHostNetwork())
            && p.getStatus() != null
            && p.getStatus().getPodIPs() != null) {
          p.getStatus().getPodIPs().forEach(ip -> byIp.put(ip.getIp(), p));
        }
      }
      Map<String, Service> byClusterIp = new HashMap<>();
      for (Service s : client.services().inAnyNamespace().list().getItems()) {
        String ip = s.getSpec().getClusterIP();
        if (ip != null && !ip.equals("None")) {
          byClusterIp.put(ip, s);
        }
      }
      Map<String, List<EndpointSlice>> slices = new HashMap<>();
      for (EndpointSlice s :
          client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems()) {
        String svc =
            s.getMetadata().getLabels() == null
                ? null
                : s.getMetadata().getLabels().get("kubernetes.io/service-name");
        if (svc != null) {
          slices
              .computeIfAbsent(s.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>())
              .add(s);
        }
      }
      Map<String, Map<String, String>> nsLabels = new HashMap<>();
      for (Namespace ns : client.namespaces().list().getItems()) {
        Map<String, String> l = new HashMap<>();
        if (ns.getMetadata().getLabels() != null) {
          l.putAll(ns.getMetadata().getLabels());
        }
        l.put("kubernetes.io/metadata.name", ns.getMetadata().getName());
        nsLabels.put(ns.getMetadata().getName(), l);
      }
      return new Cluster(byIp, byName, byClusterIp, slices, nsLabels);
    }

    Pod podNamed(String namespace, String name) {
      return podsByName.get(namespace + "/" + name);
    }

    /** Where a connection to address:port really goes: a ClusterIP's backends, or itself. */
    List<Backend> backends(String rawAddress, int port) {
      // the agent prints Java's form (fd00:10:244:0:0:0:0:b); the API holds canonical addresses
      String address = io.netmapper.common.net.IpAddresses.canonical(rawAddress).orElse(rawAddress);
      Service svc = servicesByClusterIp.get(address);
      if (svc == null) {
        return List.of(new Backend(address, port, podsByIp.get(address)));
      }
      int target = port;
      for (ServicePort sp : svc.getSpec().getPorts()) {
        if (sp.getPort() == port && sp.getTargetPort() != null) {
          target = sp.getTargetPort().getIntVal() != null ? sp.getTargetPort().getIntVal() : port;
        }
      }
      List<Backend> out = new ArrayList<>();
      for (EndpointSlice slice :
          slicesByService.getOrDefault(
              svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName(), List.of())) {
        for (Endpoint ep : slice.getEndpoints()) {
          for (String a : ep.getAddresses()) {
            out.add(new Backend(a, target, podsByIp.get(a)));
          }
        }
      }
      return out;
    }

    Party party(Pod pod) {
      Map<String, Integer> named = new LinkedHashMap<>();
      pod.getSpec()
          .getContainers()
          .forEach(
              c -> {
                if (c.getPorts() != null) {
                  for (ContainerPort p : c.getPorts()) {
                    if (p.getName() != null) {
                      named.put(p.getName(), p.getContainerPort());
                    }
                  }
                }
              });
      String ns = pod.getMetadata().getNamespace();
      return new Party.Pod(
          ns,
          pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels(),
          namespaceLabels.getOrDefault(ns, Map.of("kubernetes.io/metadata.name", ns)),
          named);
    }
  }
}
