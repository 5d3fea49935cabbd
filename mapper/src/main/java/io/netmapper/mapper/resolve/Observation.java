package io.netmapper.mapper.resolve;

import io.netmapper.mapper.store.Evidence;
import java.util.List;
import java.util.Locale;

/** What a reporter saw, validated and in canonical form, before identities are resolved. */
public sealed interface Observation {
  /** Observation time used for IP → pod lookups (the last time it was seen). */
  long lastSeenMillis();

  /** Metric label of the observation kind. */
  String kind();

  /** Which pod owns a socket or process, when the node knew it. */
  record ProcessRef(String podUid, boolean hostNetwork) {
    public static final ProcessRef NONE = new ProcessRef("", false);

    public boolean known() {
      return !podUid.isEmpty();
    }
  }

  record Dns(
      long firstSeenMillis,
      long lastSeenMillis,
      long count,
      String node,
      String clientIp,
      ProcessRef clientProcess,
      String queryName,
      List<String> ips)
      implements Observation {
    @Override
    public String kind() {
      return "dns";
    }
  }

  record Connection(
      long firstSeenMillis,
      long lastSeenMillis,
      long count,
      String node,
      String clientIp,
      int clientPort,
      String serverIp,
      int serverPort,
      Evidence evidence,
      ProcessRef clientProcess,
      ProcessRef serverProcess)
      implements Observation {
    @Override
    public String kind() {
      return "connection";
    }
  }

  /**
   * A listening socket on a node, reported so a hostNetwork server can be named by node IP + port.
   */
  record Listener(long lastSeenMillis, String node, String ip, int port, ProcessRef process)
      implements Observation {
    @Override
    public String kind() {
      return "listener";
    }
  }

  /**
   * A client's access to a Kafka topic, from a broker's authorizer log. Denied accesses are kept as
   * intents too (the client tried: it needs the access), like Otterize does.
   *
   * @param topic topic name; a PREFIXED ACL resource ends in {@code *} (ClientIntents' prefix form)
   * @param operation the ClientIntents operation ({@code consume}, {@code produce}, {@code
   *     describe}...)
   */
  record Kafka(
      long firstSeenMillis,
      long lastSeenMillis,
      long count,
      String clientIp,
      String brokerNamespace,
      String brokerPod,
      String topic,
      String operation,
      boolean allowed)
      implements Observation {
    @Override
    public String kind() {
      return "kafka";
    }

    /**
     * The ClientIntents operation for an operation as a broker logs it ({@code READ}, {@code Read},
     * {@code DESCRIBE_CONFIGS}, {@code DescribeConfigs}...), or null when the CRD has none for it
     * (e.g. {@code CREATE_TOKENS}).
     */
    public static String intentOperation(String logged) {
      String key = logged.replace("_", "").toUpperCase(Locale.ROOT);
      return switch (key) {
        case "READ" -> "consume";
        case "WRITE" -> "produce";
        case "DESCRIBE" -> "describe";
        case "CREATE" -> "create";
        case "ALTER" -> "alter";
        case "DELETE" -> "delete";
        case "ALL" -> "all";
        case "CLUSTERACTION" -> "ClusterAction";
        case "DESCRIBECONFIGS" -> "DescribeConfigs";
        case "ALTERCONFIGS" -> "AlterConfigs";
        case "IDEMPOTENTWRITE" -> "IdempotentWrite";
        default -> null;
      };
    }
  }

  /**
   * An HTTP request seen by an Envoy sidecar (Istio's {@code istio_requests_total}): workloads by
   * Istio's names, the method (one of the ClientIntents methods) and the path as sent.
   *
   * @param serviceName the Service the request went to as {@code name.namespace}, or null
   */
  record Http(
      long firstSeenMillis,
      long lastSeenMillis,
      long count,
      String sourceNamespace,
      String sourceWorkload,
      String destinationNamespace,
      String destinationWorkload,
      String serviceName,
      String method,
      String path)
      implements Observation {
    /** HTTP methods a ClientIntents {@code http} entry can name (the CRD's enum). */
    public static final java.util.Set<String> METHODS =
        java.util.Set.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "CONNECT");

    @Override
    public String kind() {
      return "http";
    }

    /**
     * The ClientIntents method for a method as a proxy saw it ({@code get}, {@code GET}), or null
     * when the CRD has none.
     */
    public static String intentMethod(String seen) {
      String upper = seen.trim().toUpperCase(Locale.ROOT);
      return METHODS.contains(upper) ? upper : null;
    }
  }

  /**
   * An AWS API call seen by the visibility proxy: the client pod by its IP, the resources by ARN
   * and the IAM actions. Each (resource, action) pair becomes part of one AWS intent per resource.
   */
  record Aws(
      long firstSeenMillis,
      long lastSeenMillis,
      long count,
      String clientIp,
      String service,
      List<String> resourceArns,
      List<String> actions)
      implements Observation {
    public Aws {
      resourceArns = List.copyOf(resourceArns);
      actions = List.copyOf(actions);
    }

    @Override
    public String kind() {
      return "aws";
    }
  }
}
