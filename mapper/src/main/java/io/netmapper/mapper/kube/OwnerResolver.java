package io.netmapper.mapper.kube;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netmapper.mapper.store.Workload;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks ownerReferences of any kind (ReplicaSet → Deployment, Job → CronJob, custom resources) up
 * to the root with generic API lookups, then applies name overrides. A forbidden or missing owner
 * stops the walk at the last known name. Walks are cached per owner; failed lookups are cached for
 * a shorter time so a later grant of permissions is picked up.
 */
public final class OwnerResolver {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerResolver.class);
  private static final int MAX_DEPTH = 10;

  static final String NETMAPPER_NAME_ANNOTATION = "netmapper.io/workload-name";
  static final String OTTERIZE_NAME_ANNOTATION = "intents.otterize.com/workload-name";
  static final String OTTERIZE_NAME_LABEL = "otterize/service-name";

  private record CachedRoot(Workload root, long expiresAt) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final long okTtl;
  private final long failureTtl;
  private final Map<String, CachedRoot> rootByOwner = new ConcurrentHashMap<>();
  private final Map<String, Workload> byPodUid = new ConcurrentHashMap<>();
  private final Map<String, Optional<ResourceDefinitionContext>> contexts =
      new ConcurrentHashMap<>();

  public OwnerResolver(KubernetesClient client, Clock clock, Duration okTtl, Duration failureTtl) {
    this.client = client;
    this.clock = clock;
    this.okTtl = okTtl.toMillis();
    this.failureTtl = failureTtl.toMillis();
  }

  /** The workload a pod belongs to, name overrides applied. Cached per pod UID. */
  public Workload workloadOf(PodInfo pod) {
    Workload cached = byPodUid.get(pod.uid());
    if (cached != null) {
      return cached;
    }
    Workload root = rootOfPod(pod);
    Workload named = applyOverrides(pod, root);
    byPodUid.put(pod.uid(), named);
    return named;
  }

  /** Forgets a pod's cached identity (the pod changed its labels or annotations, or is gone). */
  public void forget(String podUid) {
    byPodUid.remove(podUid);
  }

  private Workload rootOfPod(PodInfo pod) {
    OwnerRef owner = controllerOf(pod.owners());
    if (owner == null || "Node".equals(owner.kind())) {
      // a bare pod, or a static (mirror) pod owned by its node: the pod is its own workload
      return new Workload(pod.namespace(), pod.name(), "Pod", "v1");
    }
    return rootOf(pod.namespace(), owner, 0);
  }

  private Workload rootOf(String namespace, OwnerRef ref, int depth) {
    String cacheKey = namespace + "/" + ref.apiVersion() + "/" + ref.kind() + "/" + ref.name();
    long now = clock.millis();
    CachedRoot cached = rootByOwner.get(cacheKey);
    if (cached != null && cached.expiresAt > now) {
      return cached.root;
    }
    Workload here = new Workload(namespace, ref.name(), ref.kind(), ref.apiVersion());
    Workload root;
    long ttl = okTtl;
    if (depth >= MAX_DEPTH) {
      root = here;
    } else {
      Lookup lookup = fetch(namespace, ref);
      if (lookup.object == null) {
        root = here;
        ttl = failureTtl;
      } else {
        OwnerRef next = controllerOf(ownersOf(lookup.object));
        root = next == null ? here : rootOf(namespace, next, depth + 1);
      }
    }
    rootByOwner.put(cacheKey, new CachedRoot(root, now + ttl));
    return root;
  }

  private record Lookup(GenericKubernetesResource object) {}

  private Lookup fetch(String namespace, OwnerRef ref) {
    Optional<ResourceDefinitionContext> context = contextFor(ref.apiVersion(), ref.kind());
    if (context.isEmpty()) {
      return new Lookup(null);
    }
    try {
      GenericKubernetesResource obj =
          client
              .genericKubernetesResources(context.get())
              .inNamespace(namespace)
              .withName(ref.name())
              .get();
      if (obj == null) {
        LOG.info("owner not found, walk stops at {} {}/{}", ref.kind(), namespace, ref.name());
      }
      return new Lookup(obj);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "owner lookup failed code={} owner={} {}/{}; walk stops there",
          e.getCode(),
          ref.kind(),
          namespace,
          ref.name());
      return new Lookup(null);
    }
  }

  private Optional<ResourceDefinitionContext> contextFor(String apiVersion, String kind) {
    return contexts.computeIfAbsent(apiVersion + "/" + kind, k -> discover(apiVersion, kind));
  }

  private Optional<ResourceDefinitionContext> discover(String apiVersion, String kind) {
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version =
        apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
    String plural = null;
    boolean namespaced = true;
    try {
      APIResourceList resources = client.getApiResources(apiVersion);
      if (resources != null && resources.getResources() != null) {
        for (APIResource r : resources.getResources()) {
          if (kind.equals(r.getKind()) && !r.getName().contains("/")) {
            plural = r.getName();
            namespaced = Boolean.TRUE.equals(r.getNamespaced());
            break;
          }
        }
      }
    } catch (KubernetesClientException e) {
      LOG.debug("API discovery failed for {}: {}", apiVersion, e.getMessage());
    }
    if (plural == null) {
      // discovery unavailable: fall back to the conventional plural
      plural = Pluralize.toPlural(kind.toLowerCase(Locale.ROOT));
    }
    if (!namespaced) {
      return Optional.empty(); // a cluster-scoped owner cannot be fetched in the pod's namespace
    }
    return Optional.of(
        new ResourceDefinitionContext.Builder()
            .withGroup(group)
            .withVersion(version)
            .withKind(kind)
            .withPlural(plural)
            .withNamespaced(true)
            .build());
  }

  private static List<OwnerRef> ownersOf(GenericKubernetesResource obj) {
    List<OwnerReference> refs =
        obj.getMetadata() == null ? null : obj.getMetadata().getOwnerReferences();
    if (refs == null) {
      return List.of();
    }
    return refs.stream()
        .map(
            r ->
                new OwnerRef(
                    r.getApiVersion(),
                    r.getKind(),
                    r.getName(),
                    Boolean.TRUE.equals(r.getController())))
        .toList();
  }

  static OwnerRef controllerOf(List<OwnerRef> owners) {
    if (owners == null || owners.isEmpty()) {
      return null;
    }
    for (OwnerRef o : owners) {
      if (o.controller()) {
        return o;
      }
    }
    return owners.get(0);
  }

  private static Workload applyOverrides(PodInfo pod, Workload root) {
    String name =
        firstNonBlank(
            pod.annotations().get(NETMAPPER_NAME_ANNOTATION),
            pod.annotations().get(OTTERIZE_NAME_ANNOTATION),
            pod.labels().get(OTTERIZE_NAME_LABEL));
    return name == null
        ? root
        : new Workload(root.namespace(), name, root.kind(), root.apiVersion());
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
