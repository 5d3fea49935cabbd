package io.netmapper.cli.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code k8s.otterize.com/v2beta1} ClientIntents, only the parts netmapper fills. Null fields are
 * left out; lists the CRD requires ({@code methods}, {@code operations}, {@code targets}) are never
 * null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
record ClientIntentsV2(String apiVersion, String kind, Metadata metadata, Spec spec)
    implements IntentsDocument {
  static final String API_VERSION = "k8s.otterize.com/v2beta1";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"workload", "targets"})
  record Spec(Workload workload, List<Target> targets) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "kind"})
  record Workload(String name, String kind) {}

  /** Exactly one field is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"kubernetes", "service", "kafka", "internet", "aws"})
  record Target(Kubernetes kubernetes, Service service, Kafka kafka, Internet internet, Aws aws) {
    static Target of(Kubernetes k) {
      return new Target(k, null, null, null, null);
    }

    static Target of(Service s) {
      return new Target(null, s, null, null, null);
    }

    static Target of(Kafka k) {
      return new Target(null, null, k, null, null);
    }

    static Target of(Internet i) {
      return new Target(null, null, null, i, null);
    }

    static Target of(Aws a) {
      return new Target(null, null, null, null, a);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "kind", "http"})
  record Kubernetes(String name, String kind, List<Http> http) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "http"})
  record Service(String name, List<Http> http) {}

  @JsonPropertyOrder({"path", "methods"})
  record Http(String path, List<String> methods) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "topics"})
  record Kafka(String name, List<Topic> topics) {}

  @JsonPropertyOrder({"name", "operations"})
  record Topic(String name, List<String> operations) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"domains", "ips", "ports"})
  record Internet(List<String> domains, List<String> ips, List<Integer> ports) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"arn", "actions"})
  record Aws(String arn, List<String> actions) {}
}
