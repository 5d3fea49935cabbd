package io.netmapper.mapper.kube;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fills a cache's indexes directly (no informers), for benchmarks and focused tests. */
public final class KubeFixtures {
  private KubeFixtures() {}

  public static void pod(
      KubeCache cache,
      String uid,
      String ns,
      String name,
      String ip,
      OwnerRef owner,
      long created) {
    cache
        .pods()
        .upsert(
            new PodInfo(
                uid,
                ns,
                name,
                List.of(ip),
                "node-1",
                false,
                Map.of("app", name),
                Map.of(),
                owner == null ? List.of() : List.of(owner),
                created,
                Set.of(8080)),
            created);
  }

  public static void service(
      KubeCache cache, String ns, String name, String clusterIp, List<ServiceEndpoint> endpoints) {
    cache
        .services()
        .upsert(ServiceInfo.of(ns, name, List.of(clusterIp), false, Set.of(), List.of()));
    cache.services().upsertSlice(ns, name, name + "-slice", endpoints);
  }
}
