package io.netmapper.cli.connect;

import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.Peer;
import io.netmapper.cli.policy.Flow;
import io.netmapper.cli.policy.PolicyEnd;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Protobuf intents (asked for with include_all_labels) to the flows policy generation reads: target
 * ports, every pod label, hostNetwork ends by their node addresses.
 */
public final class PolicyFlows {
  private PolicyFlows() {}

  /**
   * @param excludeServices workload names or name.namespace to leave out (as client and server)
   */
  public static List<Flow> from(Collection<Intent> intents, Set<String> excludeServices) {
    List<Flow> out = new ArrayList<>(intents.size());
    for (Intent i : intents) {
      if (excluded(i.getClient(), excludeServices) || excluded(i.getServer(), excludeServices)) {
        continue;
      }
      PolicyEnd client =
          end(
              i.getClient(),
              i.getClientLabelsMap(),
              i.getClientHostNetwork(),
              i.getClientAddressesList(),
              false);
      PolicyEnd server =
          end(
              i.getServer(),
              i.getServerLabelsMap(),
              i.getServerHostNetwork(),
              i.getServerAddressesList(),
              true);
      List<Integer> ports = i.getTargetPortsCount() > 0 ? i.getTargetPortsList() : i.getPortsList();
      out.add(Flow.of(client, server, ports));
    }
    return out;
  }

  private static boolean excluded(Peer p, Set<String> names) {
    if (names.isEmpty() || !p.hasWorkload()) {
      return false;
    }
    String name = p.getWorkload().getName();
    return names.contains(name) || names.contains(name + "." + p.getWorkload().getNamespace());
  }

  private static PolicyEnd end(
      Peer p,
      java.util.Map<String, String> labels,
      boolean hostNetwork,
      List<String> addresses,
      boolean server) {
    return switch (p.getPeerCase()) {
      case WORKLOAD ->
          hostNetwork
              ? new PolicyEnd.Host(
                  p.getWorkload().getNamespace(), p.getWorkload().getName(), addresses)
              : new PolicyEnd.Pods(
                  p.getWorkload().getNamespace(),
                  p.getWorkload().getName(),
                  p.getWorkload().getKind(),
                  labels);
      case API_SERVER -> new PolicyEnd.ApiServer(server ? addresses : List.of());
      case INTERNET ->
          new PolicyEnd.Outside(p.getInternet().getDomainsList(), p.getInternet().getIpsList());
      case AWS -> new PolicyEnd.Other("aws:" + p.getAws().getArn());
      case PEER_NOT_SET -> new PolicyEnd.Other("unknown peer");
    };
  }
}
