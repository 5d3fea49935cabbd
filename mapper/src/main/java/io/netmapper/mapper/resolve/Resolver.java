package io.netmapper.mapper.resolve;

import io.netmapper.common.net.Cidr;
import io.netmapper.common.net.IpAddresses;
import io.netmapper.mapper.kube.KubeCache;
import io.netmapper.mapper.kube.PodInfo;
import io.netmapper.mapper.kube.ServiceEndpoint;
import io.netmapper.mapper.kube.ServiceIndex;
import io.netmapper.mapper.kube.ServiceInfo;
import io.netmapper.mapper.store.EdgeUpdate;
import io.netmapper.mapper.store.Evidence;
import io.netmapper.mapper.store.IntentType;
import io.netmapper.mapper.store.Peer;
import io.netmapper.mapper.store.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns observations into edges between workloads, the API server and the Internet, following the
 * identity rules in DESIGN.md beside this package. Stateless apart from what node agents tell it
 * about names (DNS answers) and hostNetwork listeners.
 */
public final class Resolver {

  private final KubeCache cache;
  private final ResolverSettings settings;
  private final DnsMemory dnsMemory;
  private final HostListeners listeners = new HostListeners();

  public Resolver(KubeCache cache, ResolverSettings settings) {
    this.cache = cache;
    this.settings = settings;
    this.dnsMemory = new DnsMemory(settings.dnsMemoryMillis(), settings.dnsMemoryMaxEntries());
  }

  /**
   * Resolves one observation. On the final attempt (its pending time is over) an unknown address
   * outside every known cluster range is taken as an Internet address instead of retried.
   */
  public Resolution resolve(Observation observation, boolean finalAttempt) {
    if (observation instanceof Observation.Connection c) {
      return connection(c, finalAttempt);
    }
    if (observation instanceof Observation.Dns d) {
      return dns(d, finalAttempt);
    }
    if (observation instanceof Observation.Listener l) {
      return listener(l);
    }
    if (observation instanceof Observation.Kafka k) {
      return kafka(k, finalAttempt);
    }
    if (observation instanceof Observation.Http h) {
      return http(h, finalAttempt);
    }
    if (observation instanceof Observation.Aws a) {
      return aws(a, finalAttempt);
    }
    return new Resolution.Unresolved("unsupported_kind");
  }

  // ---- ends of an edge -------------------------------------------------------------------

  /**
   * A resolved end: workloads (a Service may have several), the API server, or an outside address.
   */
  private sealed interface End {}

  private record Workloads(Map<Workload, Map<String, String>> labelsByWorkload, String serviceName)
      implements End {}

  private record ApiServerEnd() implements End {}

  private record Outside(String ip) implements End {}

  private record NotYet(Resolution resolution) implements End {}

  private End client(String ip, Observation.ProcessRef process, long t, boolean finalAttempt) {
    if (process.known()) {
      PodInfo pod = cache.pods().byUid(process.podUid());
      return pod == null ? retryOr("client_pod_uid_unknown", finalAttempt) : workload(pod, null);
    }
    PodInfo pod = cache.pods().atIp(ip, t, settings.clockSkewMillis());
    if (pod != null) {
      return workload(pod, null);
    }
    if (cache.nodes().nodeOf(ip) != null) {
      return new NotYet(new Resolution.Unresolved("client_node_address_unattributed"));
    }
    return unknownAddress(ip, "client_ip_unknown", finalAttempt);
  }

  private End server(
      String ip,
      int port,
      Observation.ProcessRef process,
      String reportingNode,
      long t,
      boolean finalAttempt) {
    if (process.known()) {
      PodInfo pod = cache.pods().byUid(process.podUid());
      return pod == null ? retryOr("server_pod_uid_unknown", finalAttempt) : workload(pod, null);
    }
    if (cache.services().isApiServerAddress(ip, port)) {
      return new ApiServerEnd();
    }
    ServiceInfo svc = cache.services().byClusterIp(ip);
    if (svc != null) {
      return viaService(svc, t, finalAttempt);
    }
    PodInfo pod = cache.pods().atIp(ip, t, settings.clockSkewMillis());
    if (pod != null) {
      return workload(pod, null);
    }
    String node = cache.nodes().nodeOf(ip);
    if (node != null) {
      return onNode(node, port, t, finalAttempt);
    }
    ServiceInfo lb = cache.services().byLoadBalancerIp(ip);
    if (lb != null) {
      return viaService(lb, t, finalAttempt);
    }
    return unknownAddress(ip, "server_ip_unknown", finalAttempt);
  }

  /** A server on a node address: a hostNetwork pod listening there, or a NodePort Service. */
  private End onNode(String node, int port, long t, boolean finalAttempt) {
    String uid = listeners.podUid(node, port);
    if (uid != null) {
      PodInfo pod = cache.pods().byUid(uid);
      if (pod != null) {
        return workload(pod, null);
      }
    }
    PodInfo declared = null;
    for (String hostPodUid : cache.pods().hostNetworkPodsOn(node)) {
      PodInfo p = cache.pods().byUid(hostPodUid);
      if (p != null
          && p.declaredPorts().contains(port)
          && (declared == null || p.key().compareTo(declared.key()) < 0)) {
        declared = p;
      }
    }
    if (declared != null) {
      return workload(declared, null);
    }
    ServiceInfo nodePort = cache.services().byNodePort(port);
    if (nodePort != null) {
      return viaService(nodePort, t, finalAttempt);
    }
    return retryOr("node_port_unattributed", finalAttempt);
  }

  private End viaService(ServiceInfo svc, long t, boolean finalAttempt) {
    if (ServiceIndex.isApiServer(svc)) {
      return new ApiServerEnd();
    }
    Map<Workload, Map<String, String>> found = new LinkedHashMap<>();
    for (ServiceEndpoint ep : cache.services().endpoints(svc)) {
      // an entry naming its pod is the evidence: after IP reuse the address's current holder
      // (maybe in another namespace) is not behind this Service until a slice names it
      PodInfo pod =
          ep.podName() != null
              ? cache.pods().named(ep.podNamespace(), ep.podName(), ep.ip())
              : cache.pods().atIp(ep.ip(), t, settings.clockSkewMillis());
      if (pod != null) {
        found.putIfAbsent(cache.owners().workloadOf(pod), pod.labels());
      }
    }
    if (found.isEmpty()) {
      return retryOr("service_without_endpoints", finalAttempt);
    }
    return new Workloads(found, svc.qualifiedName());
  }

  private End workload(PodInfo pod, String serviceName) {
    return new Workloads(Map.of(cache.owners().workloadOf(pod), pod.labels()), serviceName);
  }

  private End unknownAddress(String ip, String reason, boolean finalAttempt) {
    byte[] bytes = IpAddresses.parse(ip);
    boolean anyRangeKnown =
        !settings.clusterCidrs().isEmpty() || !cache.nodes().podCidrs().isEmpty();
    boolean inCluster =
        cache.pods().knowsIp(ip)
            || inAny(settings.clusterCidrs(), bytes)
            || inAny(cache.nodes().podCidrs(), bytes);
    if (inCluster) {
      return retryOr(reason, finalAttempt);
    }
    if (anyRangeKnown || finalAttempt) {
      return new Outside(ip);
    }
    return new NotYet(new Resolution.Retry(reason));
  }

  private static boolean inAny(List<Cidr> cidrs, byte[] address) {
    for (Cidr c : cidrs) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static End retryOr(String reason, boolean finalAttempt) {
    return new NotYet(
        finalAttempt ? new Resolution.Unresolved(reason) : new Resolution.Retry(reason));
  }

  // ---- observations ----------------------------------------------------------------------

  private Resolution connection(Observation.Connection c, boolean finalAttempt) {
    long t = c.lastSeenMillis();
    End server = server(c.serverIp(), c.serverPort(), c.serverProcess(), c.node(), t, finalAttempt);
    if (server instanceof NotYet n) {
      return n.resolution();
    }
    End client = client(c.clientIp(), c.clientProcess(), t, finalAttempt);
    if (client instanceof NotYet n) {
      return n.resolution();
    }
    List<EdgeUpdate> edges = new ArrayList<>(1);
    if (client instanceof Outside outside) {
      if (!(server instanceof Workloads w)) {
        return new Resolution.Unresolved("outside_to_outside");
      }
      // traffic from outside the cluster to a pod, NodePort or LoadBalancer: an ingress edge
      w.labelsByWorkload()
          .forEach(
              (wl, labels) ->
                  edges.add(
                      update(
                          new Peer.Internet(outside.ip()),
                          Map.of(),
                          new Peer.WorkloadPeer(wl),
                          labels,
                          IntentType.INTERNET,
                          c.evidence(),
                          c,
                          c.serverPort(),
                          null,
                          w.serviceName(),
                          List.of(outside.ip()))));
      return Resolution.edges(edges);
    }
    Workloads from = (Workloads) client;
    for (Map.Entry<Workload, Map<String, String>> cl : from.labelsByWorkload().entrySet()) {
      Peer clientPeer = new Peer.WorkloadPeer(cl.getKey());
      if (server instanceof ApiServerEnd) {
        edges.add(
            update(
                clientPeer,
                cl.getValue(),
                Peer.ApiServer.INSTANCE,
                Map.of(),
                IntentType.TCP,
                c.evidence(),
                c,
                c.serverPort(),
                null,
                null,
                null));
      } else if (server instanceof Outside outside) {
        String name =
            dnsMemory.nameFor(clientKey(c.clientIp(), c.clientProcess(), t), outside.ip(), t);
        edges.add(
            update(
                clientPeer,
                cl.getValue(),
                new Peer.Internet(name != null ? name : outside.ip()),
                Map.of(),
                IntentType.INTERNET,
                c.evidence(),
                c,
                c.serverPort(),
                name,
                null,
                List.of(outside.ip())));
      } else {
        Workloads to = (Workloads) server;
        to.labelsByWorkload()
            .forEach(
                (wl, labels) -> {
                  if (!wl.equals(cl.getKey())) {
                    edges.add(
                        update(
                            clientPeer,
                            cl.getValue(),
                            new Peer.WorkloadPeer(wl),
                            labels,
                            IntentType.TCP,
                            c.evidence(),
                            c,
                            c.serverPort(),
                            null,
                            to.serviceName(),
                            null));
                  }
                });
      }
    }
    return edges.isEmpty() ? new Resolution.Unresolved("self_connection") : Resolution.edges(edges);
  }

  private Resolution dns(Observation.Dns d, boolean finalAttempt) {
    long t = d.lastSeenMillis();
    End client = client(d.clientIp(), d.clientProcess(), t, finalAttempt);
    if (client instanceof NotYet n) {
      return n.resolution();
    }
    if (!(client instanceof Workloads from)) {
      return new Resolution.Unresolved("dns_client_outside");
    }
    String name = ClusterName.normalize(d.queryName());
    Map.Entry<Workload, Map<String, String>> cl =
        from.labelsByWorkload().entrySet().iterator().next();
    End server = dnsTarget(name, cl.getKey().namespace(), d, finalAttempt);
    if (server instanceof NotYet n) {
      return n.resolution();
    }
    Peer clientPeer = new Peer.WorkloadPeer(cl.getKey());
    List<EdgeUpdate> edges = new ArrayList<>(1);
    if (server instanceof ApiServerEnd) {
      edges.add(
          update(
              clientPeer,
              cl.getValue(),
              Peer.ApiServer.INSTANCE,
              Map.of(),
              IntentType.TCP,
              Evidence.DNS,
              d,
              0,
              name,
              null,
              null));
    } else if (server instanceof Outside) {
      String key = clientKey(d.clientIp(), d.clientProcess(), t);
      Peer target = new Peer.Internet(name);
      for (String ip : d.ips()) {
        dnsMemory.remember(key, ip, name, t);
      }
      // one answer is one observation, whatever number of addresses it carries
      edges.add(
          update(
              clientPeer,
              cl.getValue(),
              target,
              Map.of(),
              IntentType.INTERNET,
              Evidence.DNS,
              d,
              0,
              name,
              null,
              d.ips()));
    } else {
      Workloads to = (Workloads) server;
      to.labelsByWorkload()
          .forEach(
              (wl, labels) -> {
                if (!wl.equals(cl.getKey())) {
                  edges.add(
                      update(
                          clientPeer,
                          cl.getValue(),
                          new Peer.WorkloadPeer(wl),
                          labels,
                          IntentType.TCP,
                          Evidence.DNS,
                          d,
                          0,
                          name,
                          to.serviceName(),
                          null));
                }
              });
    }
    return edges.isEmpty() ? new Resolution.Unresolved("self_lookup") : Resolution.edges(edges);
  }

  private End dnsTarget(
      String name, String clientNamespace, Observation.Dns d, boolean finalAttempt) {
    ClusterName parsed = ClusterName.classify(name, settings.clusterDomain());
    if (parsed instanceof ClusterName.Short s) {
      String ns = s.namespace() != null ? s.namespace() : clientNamespace;
      if (cache.services().byName(ns, s.service()) != null) {
        parsed = new ClusterName.ServiceName(ns, s.service());
      } else {
        parsed = new ClusterName.External(name);
      }
    }
    if (parsed instanceof ClusterName.ServiceName s) {
      ServiceInfo svc = cache.services().byName(s.namespace(), s.service());
      if (svc == null) {
        return retryOr("service_unknown", finalAttempt);
      }
      if (svc.headless()) {
        return answerPods(d, svc.qualifiedName(), finalAttempt);
      }
      return viaService(svc, d.lastSeenMillis(), finalAttempt);
    }
    if (parsed instanceof ClusterName.ServiceMember m) {
      ServiceInfo svc = cache.services().byName(m.namespace(), m.service());
      return answerPods(d, svc == null ? null : svc.qualifiedName(), finalAttempt);
    }
    if (parsed instanceof ClusterName.PodName p) {
      PodInfo pod = cache.pods().atIp(p.ip(), d.lastSeenMillis(), settings.clockSkewMillis());
      return pod == null ? retryOr("pod_name_unknown", finalAttempt) : workload(pod, null);
    }
    if (parsed instanceof ClusterName.OtherInCluster) {
      return answerPods(d, null, finalAttempt);
    }
    return new Outside(null);
  }

  /** The pods behind a DNS answer's addresses (headless Services, pod hostnames). */
  private End answerPods(Observation.Dns d, String serviceName, boolean finalAttempt) {
    Map<Workload, Map<String, String>> found = new LinkedHashMap<>();
    for (String ip : d.ips()) {
      PodInfo pod = cache.pods().atIp(ip, d.lastSeenMillis(), settings.clockSkewMillis());
      if (pod == null) {
        return retryOr("answer_ip_unknown", finalAttempt);
      }
      found.putIfAbsent(cache.owners().workloadOf(pod), pod.labels());
    }
    if (found.isEmpty()) {
      return retryOr("cluster_name_without_answer", finalAttempt);
    }
    return new Workloads(found, serviceName);
  }

  /**
   * A topic access from a broker's authorizer log: the client by its IP, the broker by the pod the
   * log came from. The broker pod is retried until it is in the cache.
   */
  private Resolution kafka(Observation.Kafka k, boolean finalAttempt) {
    PodInfo broker = cache.pods().byName(k.brokerNamespace(), k.brokerPod());
    if (broker == null) {
      return finalAttempt
          ? new Resolution.Unresolved("kafka_broker_pod_unknown")
          : new Resolution.Retry("kafka_broker_pod_unknown");
    }
    End client =
        client(k.clientIp(), Observation.ProcessRef.NONE, k.lastSeenMillis(), finalAttempt);
    if (client instanceof NotYet n) {
      return n.resolution();
    }
    if (!(client instanceof Workloads from)) {
      // a client outside the cluster: ClientIntents name in-cluster clients only
      return new Resolution.Unresolved("kafka_client_outside");
    }
    Workload server = cache.owners().workloadOf(broker);
    List<EdgeUpdate> edges = new ArrayList<>(1);
    from.labelsByWorkload()
        .forEach(
            (wl, labels) -> {
              if (!wl.equals(server)) {
                edges.add(
                    new EdgeUpdate(
                        new Peer.WorkloadPeer(wl),
                        new Peer.WorkloadPeer(server),
                        IntentType.KAFKA,
                        Evidence.KAFKA_LOG,
                        k.firstSeenMillis(),
                        k.lastSeenMillis(),
                        k.count(),
                        0,
                        null,
                        null,
                        null,
                        new EdgeUpdate.KafkaDetail(k.topic(), k.operation()),
                        labels,
                        broker.labels()));
              }
            });
    // brokers replicating among themselves (one StatefulSet) are not an intent
    return edges.isEmpty()
        ? new Resolution.Unresolved("kafka_self_access")
        : Resolution.edges(edges);
  }

  /**
   * An AWS call seen by the visibility proxy: the client by its IP at the time of the call, one
   * edge per resource and action to that resource. Callers outside the cluster are not intents.
   */
  private Resolution aws(Observation.Aws a, boolean finalAttempt) {
    End client =
        client(a.clientIp(), Observation.ProcessRef.NONE, a.lastSeenMillis(), finalAttempt);
    if (client instanceof NotYet n) {
      return n.resolution();
    }
    if (!(client instanceof Workloads from)) {
      return new Resolution.Unresolved("aws_client_outside");
    }
    List<EdgeUpdate> edges = new ArrayList<>(a.resourceArns().size() * a.actions().size());
    from.labelsByWorkload()
        .forEach(
            (wl, labels) -> {
              for (String arn : a.resourceArns()) {
                for (String action : a.actions()) {
                  edges.add(
                      new EdgeUpdate(
                          new Peer.WorkloadPeer(wl),
                          new Peer.AwsResource(arn),
                          IntentType.AWS,
                          Evidence.AWS_PROXY,
                          a.firstSeenMillis(),
                          a.lastSeenMillis(),
                          a.count(),
                          0,
                          null,
                          null,
                          null,
                          new EdgeUpdate.AwsDetail(action),
                          labels,
                          null));
                }
              }
            });
    return Resolution.edges(edges);
  }

  /**
   * A request seen by Istio's sidecars. Istio names both ends by namespace and workload name: the
   * pods labelled {@code service.istio.io/canonical-name} with that name, else the pods whose owner
   * walk ends in a workload of that name. Unknown ones are retried until the cache has them.
   */
  private Resolution http(Observation.Http h, boolean finalAttempt) {
    PodInfo source = istioWorkloadPod(h.sourceNamespace(), h.sourceWorkload());
    if (source == null) {
      return finalAttempt
          ? new Resolution.Unresolved("http_source_workload_unknown")
          : new Resolution.Retry("http_source_workload_unknown");
    }
    PodInfo destination = istioWorkloadPod(h.destinationNamespace(), h.destinationWorkload());
    if (destination == null) {
      return finalAttempt
          ? new Resolution.Unresolved("http_destination_workload_unknown")
          : new Resolution.Retry("http_destination_workload_unknown");
    }
    Workload client = cache.owners().workloadOf(source);
    Workload server = cache.owners().workloadOf(destination);
    if (client.equals(server)) {
      return new Resolution.Unresolved("http_self_access");
    }
    return Resolution.edges(
        List.of(
            new EdgeUpdate(
                new Peer.WorkloadPeer(client),
                new Peer.WorkloadPeer(server),
                IntentType.HTTP,
                Evidence.ISTIO,
                h.firstSeenMillis(),
                h.lastSeenMillis(),
                h.count(),
                0,
                null,
                h.serviceName(),
                null,
                new EdgeUpdate.HttpDetail(h.path(), h.method()),
                source.labels(),
                destination.labels())));
  }

  /**
   * One pod of the workload Istio calls {@code name} in {@code namespace}, or null (oldest name
   * wins for ties).
   */
  private PodInfo istioWorkloadPod(String namespace, String name) {
    PodInfo best = null;
    for (String uid : cache.pods().byCanonicalName(namespace, name)) {
      PodInfo pod = cache.pods().byUid(uid);
      if (pod != null && (best == null || pod.name().compareTo(best.name()) < 0)) {
        best = pod;
      }
    }
    if (best != null) {
      return best;
    }
    for (String uid : cache.pods().inNamespace(namespace)) {
      PodInfo pod = cache.pods().byUid(uid);
      if (pod != null
          && (best == null || pod.name().compareTo(best.name()) < 0)
          && cache.owners().workloadOf(pod).name().equals(name)) {
        best = pod;
      }
    }
    return best;
  }

  private Resolution listener(Observation.Listener l) {
    if (l.process().known()) {
      listeners.record(l.node(), l.port(), l.process().podUid(), l.lastSeenMillis());
    }
    return Resolution.edges(List.of());
  }

  // ---- helpers ---------------------------------------------------------------------------

  /**
   * Whose DNS names these are: the client pod's UID, whichever way the observation named the client
   * (a DNS answer by its destination IP, a socket-scan connection by the socket's pod UID); the IP
   * only when no pod held it.
   */
  private String clientKey(String ip, Observation.ProcessRef process, long t) {
    if (process.known()) {
      return process.podUid();
    }
    PodInfo pod = cache.pods().atIp(ip, t, settings.clockSkewMillis());
    return pod != null ? pod.uid() : ip;
  }

  private static EdgeUpdate update(
      Peer client,
      Map<String, String> clientLabels,
      Peer server,
      Map<String, String> serverLabels,
      IntentType type,
      Evidence evidence,
      Observation o,
      int port,
      String dnsName,
      String serviceName,
      List<String> internetIps) {
    long first;
    long count;
    if (o instanceof Observation.Connection c) {
      first = c.firstSeenMillis();
      count = c.count();
    } else if (o instanceof Observation.Dns d) {
      first = d.firstSeenMillis();
      count = d.count();
    } else {
      first = o.lastSeenMillis();
      count = 1;
    }
    return new EdgeUpdate(
        client,
        server,
        type,
        evidence,
        first,
        o.lastSeenMillis(),
        count,
        port,
        dnsName,
        serviceName,
        internetIps,
        null,
        clientLabels,
        serverLabels);
  }

  /** Drops remembered names and listeners older than their keep time. */
  public void purge(long nowMillis) {
    dnsMemory.purge(nowMillis);
    listeners.purge(nowMillis - settings.listenerKeepMillis());
  }

  public int dnsMemorySize() {
    return dnsMemory.size();
  }

  public int hostListenerCount() {
    return listeners.size();
  }
}
