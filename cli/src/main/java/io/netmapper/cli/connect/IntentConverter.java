package io.netmapper.cli.connect;

import io.netmapper.api.v1.HttpResource;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.KafkaTopic;
import io.netmapper.api.v1.Peer;
import io.netmapper.cli.map.Edge;
import io.netmapper.cli.map.Endpoint;
import io.netmapper.cli.map.ServiceMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Protobuf intents to the CLI's map model: the only place that reads {@code io.netmapper.api.v1}
 * messages.
 */
public final class IntentConverter {
  private IntentConverter() {}

  public static ServiceMap toMap(Collection<Intent> intents) {
    List<Edge> edges = new ArrayList<>(intents.size());
    for (Intent intent : intents) {
      edges.add(toEdge(intent));
    }
    return ServiceMap.of(edges);
  }

  static Edge toEdge(Intent intent) {
    TreeMap<String, SortedSet<String>> http = new TreeMap<>();
    for (HttpResource r : intent.getHttpList()) {
      http.computeIfAbsent(r.getPath().isEmpty() ? "/" : r.getPath(), p -> new TreeSet<>())
          .addAll(r.getMethodsList());
    }
    TreeMap<String, SortedSet<String>> kafka = new TreeMap<>();
    for (KafkaTopic t : intent.getKafkaTopicsList()) {
      kafka.computeIfAbsent(t.getName(), n -> new TreeSet<>()).addAll(t.getOperationsList());
    }
    return new Edge(
        endpoint(intent.getClient()),
        endpoint(intent.getServer()),
        new TreeSet<>(intent.getPortsList()),
        http,
        kafka,
        new TreeSet<>(intent.getAwsActionsList()),
        new TreeSet<>(intent.getServiceNamesList()),
        intent.getCount());
  }

  static Endpoint endpoint(Peer peer) {
    return switch (peer.getPeerCase()) {
      case WORKLOAD ->
          new Endpoint.Workload(
              peer.getWorkload().getName(),
              peer.getWorkload().getNamespace(),
              peer.getWorkload().getKind());
      case API_SERVER -> new Endpoint.ApiServer();
      case INTERNET ->
          new Endpoint.Internet(
              peer.getInternet().getDomainsList(), peer.getInternet().getIpsList());
      case AWS -> new Endpoint.AwsResource(peer.getAws().getArn());
      case PEER_NOT_SET -> new Endpoint.Unknown();
    };
  }
}
