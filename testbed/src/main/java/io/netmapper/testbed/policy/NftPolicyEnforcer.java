package io.netmapper.testbed.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netmapper.testbed.netns.Sh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The testbed's CNI policy agent: watches NetworkPolicies, Pods and Namespaces through informers
 * and, on any change, reprograms the node namespace's nftables table with {@link NftPolicyRules}.
 * Informer handlers only mark the state dirty; one worker thread recomputes and applies.
 */
public final class NftPolicyEnforcer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NftPolicyEnforcer.class);
  private static final Pattern DROPS = Pattern.compile("counter packets (\\d+) bytes \\d+ drop");

  private final KubernetesClient client;
  private final String nodeNetns;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "policy-enforcer");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile int appliedPolicies = -1;
  private volatile boolean started;

  public NftPolicyEnforcer(KubernetesClient client, String nodeNetns) {
    this.client = client;
    this.nodeNetns = nodeNetns;
  }

  /** Starts the informers; the first rule set is applied once all three have synced. */
  public void start() {
    informers.add(
        client.network().v1().networkPolicies().inAnyNamespace().inform(handler(), 30_000));
    informers.add(client.pods().inAnyNamespace().inform(handler(), 30_000));
    informers.add(client.namespaces().inform(handler(), 30_000));
    started = true;
    changed();
  }

  private <T> ResourceEventHandler<T> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed();
      }
    };
  }

  private void changed() {
    if (started && dirty.compareAndSet(false, true)) {
      worker.execute(this::sync);
    }
  }

  @SuppressWarnings("unchecked")
  private void sync() {
    dirty.set(false);
    try {
      List<NetworkPolicy> policies =
          List.copyOf((List<NetworkPolicy>) (List<?>) informers.get(0).getStore().list());
      List<PodAddresses> pods = new ArrayList<>();
      for (Object o : informers.get(1).getStore().list()) {
        PodAddresses p = addresses((Pod) o);
        if (p != null) {
          pods.add(p);
        }
      }
      pods.sort(
          (a, b) -> (a.namespace() + "/" + a.name()).compareTo(b.namespace() + "/" + b.name()));
      Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
      for (Object o : informers.get(2).getStore().list()) {
        Namespace ns = (Namespace) o;
        Map<String, String> labels = new HashMap<>();
        if (ns.getMetadata().getLabels() != null) {
          labels.putAll(ns.getMetadata().getLabels());
        }
        // the API server sets this label on every namespace
        labels.put("kubernetes.io/metadata.name", ns.getMetadata().getName());
        namespaceLabels.put(ns.getMetadata().getName(), labels);
      }
      apply(NftPolicyRules.script(policies, pods, namespaceLabels));
      appliedPolicies = policies.size();
      LOG.info(
          "policy enforcement: {} policies over {} pods applied", policies.size(), pods.size());
    } catch (RuntimeException e) {
      LOG.warn("policy enforcement: cannot apply rules: {}", e.getMessage());
    }
  }

  /** A pod with its own addresses (hostNetwork pods are the node: never subject to policies). */
  static PodAddresses addresses(Pod pod) {
    if (pod.getSpec() == null
        || Boolean.TRUE.equals(pod.getSpec().getHostNetwork())
        || pod.getStatus() == null) {
      return null;
    }
    List<String> ips = new ArrayList<>();
    if (pod.getStatus().getPodIPs() != null) {
      pod.getStatus().getPodIPs().stream().map(PodIP::getIp).forEach(ips::add);
    } else if (pod.getStatus().getPodIP() != null) {
      ips.add(pod.getStatus().getPodIP());
    }
    Map<String, PodAddresses.NamedPort> named = new HashMap<>();
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          if (p.getName() != null) {
            named.put(
                p.getName(),
                new PodAddresses.NamedPort(
                    p.getProtocol() == null ? "TCP" : p.getProtocol(), p.getContainerPort()));
          }
        }
      }
    }
    return new PodAddresses(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels(),
        ips,
        named);
  }

  private void apply(String script) {
    try {
      Path file = Files.createTempFile("netmapper-policy", ".nft");
      try {
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Sh.run("ip", "netns", "exec", nodeNetns, "nft", "-f", file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the nft script: " + e.getMessage(), e);
    }
  }

  /** Waits until a rule set covering exactly {@code policies} NetworkPolicies is in place. */
  public boolean awaitApplied(int policies, long timeoutMillis) throws InterruptedException {
    long until = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < until) {
      if (appliedPolicies == policies && !dirty.get()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Packets dropped so far by the policy chains. */
  public long droppedPackets() {
    String listing;
    try {
      listing =
          Sh.run(
              "ip",
              "netns",
              "exec",
              nodeNetns,
              "nft",
              "list",
              "table",
              "inet",
              NftPolicyRules.TABLE);
    } catch (IllegalStateException e) {
      return 0;
    }
    long total = 0;
    Matcher m = DROPS.matcher(listing);
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    worker.shutdownNow();
    Sh.quietly(
        "ip", "netns", "exec", nodeNetns, "nft", "delete", "table", "inet", NftPolicyRules.TABLE);
  }
}
