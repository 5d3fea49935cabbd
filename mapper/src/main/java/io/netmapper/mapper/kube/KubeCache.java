package io.netmapper.mapper.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapper's view of the cluster, kept by informers: pods (with IP timelines), Services and their
 * EndpointSlices, nodes, namespaces. Handlers only update the indexes; owner walks, which call the
 * API, run on a worker so informer threads never block.
 */
public final class KubeCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeCache.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration ipGracePeriod;
  private final PodIndex pods = new PodIndex();
  private final ServiceIndex services = new ServiceIndex();
  private final NodeIndex nodes = new NodeIndex();
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
  private final OwnerResolver owners;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final ExecutorService ownerWalks =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "owner-walk");
            t.setDaemon(true);
            return t;
          });

  public KubeCache(
      KubernetesClient client, Clock clock, Duration ipGracePeriod, OwnerResolver owners) {
    this.client = client;
    this.clock = clock;
    this.ipGracePeriod = ipGracePeriod;
    this.owners = owners;
  }

  /** Starts the informers; returns at once. {@link #synced()} tells when the first lists are in. */
  public void start() {
    long resync = 0;
    informers.add(
        client
            .namespaces()
            .inform(
                handler(
                    (Namespace n) -> namespaces.add(n.getMetadata().getName()),
                    (Namespace n) -> namespaces.remove(n.getMetadata().getName())),
                resync));
    informers.add(
        client
            .nodes()
            .inform(
                handler(
                    (Node n) -> nodes.upsert(KubeObjects.node(n)),
                    (Node n) -> nodes.delete(n.getMetadata().getName())),
                resync));
    informers.add(
        client
            .services()
            .inAnyNamespace()
            .inform(
                handler(
                    (Service s) -> services.upsert(KubeObjects.service(s)),
                    (Service s) -> services.delete(KubeObjects.service(s))),
                resync));
    informers.add(
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inAnyNamespace()
            .inform(
                handler(
                    this::onSlice,
                    (EndpointSlice s) -> {
                      String svc = KubeObjects.serviceOf(s);
                      if (svc != null) {
                        services.deleteSlice(
                            s.getMetadata().getNamespace(), svc, s.getMetadata().getName());
                      }
                    }),
                resync));
    informers.add(
        client.pods().inAnyNamespace().inform(handler(this::onPod, this::onPodDeleted), resync));
  }

  private void onSlice(EndpointSlice slice) {
    String svc = KubeObjects.serviceOf(slice);
    if (svc != null) {
      services.upsertSlice(
          slice.getMetadata().getNamespace(),
          svc,
          slice.getMetadata().getName(),
          KubeObjects.endpoints(slice));
    }
  }

  private void onPod(Pod pod) {
    PodInfo info = KubeObjects.pod(pod, clock.millis());
    PodInfo previous = pods.byUid(info.uid());
    pods.upsert(info, clock.millis());
    if (previous != null
        && (!previous.labels().equals(info.labels())
            || !previous.annotations().equals(info.annotations()))) {
      owners.forget(info.uid());
    }
    // warm the owner walk off the informer thread, so the first report for this pod is fast
    ownerWalks.execute(
        () -> {
          try {
            owners.workloadOf(info);
          } catch (RuntimeException e) {
            LOG.warn(
                "owner walk failed pod={}/{}: {}", info.namespace(), info.name(), e.toString());
          }
        });
  }

  private void onPodDeleted(Pod pod) {
    pods.delete(KubeObjects.pod(pod, clock.millis()), clock.millis());
  }

  /** Forgets deleted pods and ended IP holdings older than the grace period. */
  public void purge() {
    pods.purge(clock.millis() - ipGracePeriod.toMillis());
  }

  public boolean synced() {
    return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  public PodIndex pods() {
    return pods;
  }

  public ServiceIndex services() {
    return services;
  }

  public NodeIndex nodes() {
    return nodes;
  }

  public boolean namespaceExists(String name) {
    return namespaces.contains(name);
  }

  public OwnerResolver owners() {
    return owners;
  }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> upsert, Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        safely(upsert, obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        safely(upsert, newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        safely(delete, obj);
      }
    };
  }

  private static <T> void safely(Consumer<T> action, T obj) {
    try {
      action.accept(obj);
    } catch (RuntimeException e) {
      // one malformed object must not stop the informer
      LOG.warn("cache update failed for {}: {}", obj.getClass().getSimpleName(), e.toString());
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    ownerWalks.shutdownNow();
  }
}
