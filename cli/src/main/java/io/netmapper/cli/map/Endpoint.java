package io.netmapper.cli.map;

import java.util.List;
import java.util.Objects;

/** One end of an edge in the map, free of protobuf and Kubernetes types. */
public sealed interface Endpoint
    permits Endpoint.Workload,
        Endpoint.ApiServer,
        Endpoint.Internet,
        Endpoint.AwsResource,
        Endpoint.Unknown {

  /** Stable identity used to merge edges and to name graph nodes. */
  String key();

  /** Sort rank: workloads first, then the API server, the Internet, AWS, unknown. */
  int rank();

  /** A Kubernetes workload (root owner of a pod). */
  record Workload(String name, String namespace, String kind) implements Endpoint {
    public Workload {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(namespace, "namespace");
      kind = kind == null ? "" : kind;
    }

    @Override
    public String key() {
      return name + "." + namespace;
    }

    @Override
    public int rank() {
      return 0;
    }
  }

  /** The Kubernetes API server ({@code kubernetes.default}). */
  record ApiServer() implements Endpoint {
    public static final String NAME = "kubernetes.default";

    @Override
    public String key() {
      return NAME;
    }

    @Override
    public int rank() {
      return 1;
    }
  }

  /** Something outside the cluster, by DNS names and/or IPs. */
  record Internet(List<String> domains, List<String> ips) implements Endpoint {
    public Internet {
      domains = domains.stream().sorted().distinct().toList();
      ips = ips.stream().sorted().distinct().toList();
    }

    @Override
    public String key() {
      return "internet:" + String.join(",", domains) + "|" + String.join(",", ips);
    }

    @Override
    public int rank() {
      return 2;
    }

    /** What a person would call it: its first domain, else its first IP. */
    public String displayName() {
      if (!domains.isEmpty()) {
        return String.join(", ", domains);
      }
      return ips.isEmpty() ? "(unknown address)" : String.join(", ", ips);
    }
  }

  /** An AWS resource, by ARN. */
  record AwsResource(String arn) implements Endpoint {
    public AwsResource {
      Objects.requireNonNull(arn, "arn");
    }

    @Override
    public String key() {
      return "aws:" + arn;
    }

    @Override
    public int rank() {
      return 3;
    }
  }

  /**
   * A peer the mapper sent without any identity (newer mapper, or a bug): kept so it is counted.
   */
  record Unknown() implements Endpoint {
    @Override
    public String key() {
      return "unknown";
    }

    @Override
    public int rank() {
      return 4;
    }
  }
}
