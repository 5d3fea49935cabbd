package io.netmapper.mapper.query;

import io.netmapper.api.v1.Intent;
import io.netmapper.mapper.store.IntentView;
import io.netmapper.mapper.store.Peer;

/** Adds the fields NetworkPolicy generation needs to an intent message (include_all_labels). */
final class PolicyFields {
  private PolicyFields() {}

  static Intent add(Intent message, IntentView v, PolicyFacts facts) {
    Intent.Builder b = message.toBuilder();
    for (int port : facts.targetPorts(v)) {
      b.addTargetPorts(port);
    }
    if (v.client() instanceof Peer.WorkloadPeer c) {
      var addresses = facts.hostNetworkAddresses(c.workload());
      b.setClientHostNetwork(!addresses.isEmpty()).addAllClientAddresses(addresses);
    }
    if (v.server() instanceof Peer.WorkloadPeer s) {
      var addresses = facts.hostNetworkAddresses(s.workload());
      b.setServerHostNetwork(!addresses.isEmpty()).addAllServerAddresses(addresses);
    } else if (v.server() instanceof Peer.ApiServer) {
      b.addAllServerAddresses(facts.apiServerAddresses());
    }
    return b.build();
  }
}
