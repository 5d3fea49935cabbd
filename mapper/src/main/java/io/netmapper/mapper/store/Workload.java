package io.netmapper.mapper.store;

import java.util.Objects;

/**
 * A workload identity: the root owner of a pod (Deployment, StatefulSet, CronJob, a custom
 * resource...), or the pod itself when it has no owner, after name overrides.
 */
public record Workload(String namespace, String name, String kind, String apiVersion) {
  public Workload {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(apiVersion, "apiVersion");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("workload name is empty");
    }
  }

  /** {@code name.namespace}, the form the CLI and filters use. */
  public String qualifiedName() {
    return name + "." + namespace;
  }
}
