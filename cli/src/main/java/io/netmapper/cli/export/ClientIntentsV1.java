package io.netmapper.cli.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** {@code k8s.otterize.com/v1alpha3} ClientIntents ({@code spec.service} + {@code spec.calls}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
record ClientIntentsV1(String apiVersion, String kind, Metadata metadata, Spec spec)
    implements IntentsDocument {
  static final String API_VERSION = "k8s.otterize.com/v1alpha3";

  @JsonPropertyOrder({"service", "calls"})
  record Spec(Service service, List<Call> calls) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "kind"})
  record Service(String name, String kind) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "name",
    "kind",
    "type",
    "HTTPResources",
    "kafkaTopics",
    "internet",
    "awsActions"
  })
  record Call(
      String name,
      String kind,
      String type,
      @JsonProperty("HTTPResources") List<ClientIntentsV2.Http> httpResources,
      List<ClientIntentsV2.Topic> kafkaTopics,
      ClientIntentsV2.Internet internet,
      List<String> awsActions) {}
}
