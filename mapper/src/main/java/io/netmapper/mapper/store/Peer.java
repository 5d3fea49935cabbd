package io.netmapper.mapper.store;

import java.util.Objects;

/**
 * One end of an edge: a workload, the API server, an Internet address or name, or an AWS resource.
 */
public sealed interface Peer {
  /** Identity used in edge keys; two peers with the same key are the same end. */
  String key();

  /** A workload. */
  record WorkloadPeer(Workload workload) implements Peer {
    public WorkloadPeer {
      Objects.requireNonNull(workload, "workload");
    }

    @Override
    public String key() {
      return "w/" + workload.namespace() + "/" + workload.kind() + "/" + workload.name();
    }
  }

  /** The Kubernetes API server (the kubernetes.default Service and its endpoints). */
  record ApiServer() implements Peer {
    public static final ApiServer INSTANCE = new ApiServer();

    @Override
    public String key() {
      return "apiserver";
    }
  }

  /**
   * Something outside the cluster, known by the DNS name a client asked for (CNAMEs folded) or,
   * when unnamed, by its IP.
   */
  record Internet(String nameOrIp) implements Peer {
    public Internet {
      Objects.requireNonNull(nameOrIp, "nameOrIp");
    }

    @Override
    public String key() {
      return "i/" + nameOrIp;
    }
  }

  /** An AWS resource by ARN. */
  record AwsResource(String arn) implements Peer {
    public AwsResource {
      Objects.requireNonNull(arn, "arn");
    }

    @Override
    public String key() {
      return "aws/" + arn;
    }
  }
}
