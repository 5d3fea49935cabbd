package io.netmapper.cli.connect;

import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.Peer;
import io.netmapper.api.v1.WorkloadRef;
import io.netmapper.cli.map.MapQuery;
import io.netmapper.cli.map.ServiceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code --distinct-by-label LABEL}: clients in one namespace that carry the same value of LABEL
 * (e.g. the v1 and v2 Deployments of {@code app=frontend}) become one client named by that value,
 * their calls merged; the workloads behind it are named in brackets. Clients without the label stay
 * as they are.
 */
public final class LabelGrouping {
  private LabelGrouping() {}

  public static ServiceMap fetch(MapperClient client, MapQuery query, String label) {
    List<Intent> intents =
        client.listIntents(
            ListIntentsRequest.newBuilder()
                .addAllNamespaces(query.namespaces())
                .addAllServers(query.servers())
                .addAllExcludeLabels(query.excludeLabels())
                .addIncludeLabels(label)
                .build());
    return group(intents, label).withoutServices(query.excludeServices());
  }

  static ServiceMap group(List<Intent> intents, String label) {
    // namespace/value -> workloads carrying it
    Map<String, TreeSet<String>> members = new TreeMap<>();
    for (Intent i : intents) {
      String value = i.getClientLabelsMap().get(label);
      if (i.getClient().hasWorkload() && value != null) {
        members
            .computeIfAbsent(
                i.getClient().getWorkload().getNamespace() + "/" + value, k -> new TreeSet<>())
            .add(i.getClient().getWorkload().getName());
      }
    }
    List<Intent> grouped = new ArrayList<>(intents.size());
    for (Intent i : intents) {
      String value = i.getClientLabelsMap().get(label);
      if (!i.getClient().hasWorkload() || value == null) {
        grouped.add(i);
        continue;
      }
      WorkloadRef w = i.getClient().getWorkload();
      String name =
          value
              + " ["
              + label
              + "="
              + value
              + ": "
              + String.join(", ", members.get(w.getNamespace() + "/" + value))
              + "]";
      grouped.add(
          i.toBuilder()
              .setClient(
                  Peer.newBuilder()
                      .setWorkload(w.toBuilder().setName(name).setKind("").setApiVersion("")))
              .build());
    }
    return IntentConverter.toMap(grouped);
  }
}
