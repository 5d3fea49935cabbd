package io.netmapper.mapper.query;

import com.google.protobuf.Timestamp;
import io.netmapper.api.v1.ApiServerRef;
import io.netmapper.api.v1.AwsResourceRef;
import io.netmapper.api.v1.HttpResource;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.IntentType;
import io.netmapper.api.v1.InternetRef;
import io.netmapper.api.v1.KafkaTopic;
import io.netmapper.api.v1.WorkloadRef;
import io.netmapper.common.net.IpAddresses;
import io.netmapper.mapper.store.Evidence;
import io.netmapper.mapper.store.IntentView;
import io.netmapper.mapper.store.Peer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Intent snapshots → wire messages. The only place in the query package that knows protobuf. */
final class IntentMessages {
  private IntentMessages() {}

  static Intent toMessage(IntentView v, Set<String> includeLabels, boolean allLabels) {
    Intent.Builder b =
        Intent.newBuilder()
            .setClient(peer(v.client(), v, false))
            .setServer(peer(v.server(), v, true))
            .setType(type(v.type()))
            .addAllDnsNames(v.dnsNames())
            .addAllServiceNames(v.serviceNames())
            .setFirstSeen(ts(v.firstSeenMillis()))
            .setLastSeen(ts(v.lastSeenMillis()))
            .setCount(v.count());
    for (int p : v.ports()) {
      b.addPorts(p);
    }
    for (Evidence e : v.evidence()) {
      b.addEvidence(evidence(e));
    }
    switch (v.type()) {
      case KAFKA ->
          v.details()
              .forEach(
                  (topic, ops) ->
                      b.addKafkaTopics(
                          KafkaTopic.newBuilder()
                              .setName(topic)
                              .addAllOperations(ops.stream().sorted().toList())));
      case HTTP ->
          v.details()
              .forEach(
                  (path, methods) ->
                      b.addHttp(
                          HttpResource.newBuilder()
                              .setPath(path)
                              .addAllMethods(methods.stream().sorted().toList())));
      case AWS -> b.addAllAwsActions(v.details().keySet());
      default -> {}
    }
    if (allLabels) {
      b.putAllClientLabels(new java.util.TreeMap<>(v.clientLabels()));
      b.putAllServerLabels(new java.util.TreeMap<>(v.serverLabels()));
    } else if (!includeLabels.isEmpty()) {
      b.putAllClientLabels(pick(v.clientLabels(), includeLabels));
      b.putAllServerLabels(pick(v.serverLabels(), includeLabels));
    }
    return b.build();
  }

  private static Map<String, String> pick(Map<String, String> labels, Set<String> keys) {
    java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
    keys.forEach(
        k -> {
          String value = labels.get(k);
          if (value != null) {
            out.put(k, value);
          }
        });
    return out;
  }

  private static io.netmapper.api.v1.Peer peer(Peer p, IntentView v, boolean isServer) {
    io.netmapper.api.v1.Peer.Builder b = io.netmapper.api.v1.Peer.newBuilder();
    if (p instanceof Peer.WorkloadPeer w) {
      b.setWorkload(
          WorkloadRef.newBuilder()
              .setName(w.workload().name())
              .setNamespace(w.workload().namespace())
              .setKind(w.workload().kind())
              .setApiVersion(w.workload().apiVersion()));
    } else if (p instanceof Peer.ApiServer) {
      b.setApiServer(ApiServerRef.getDefaultInstance());
    } else if (p instanceof Peer.Internet i) {
      InternetRef.Builder ref = InternetRef.newBuilder();
      boolean isIp = IpAddresses.isIpLiteral(i.nameOrIp());
      if (!isIp) {
        ref.addDomains(i.nameOrIp());
      }
      // the server side of an edge carries the IPs seen for it; an ingress client is its own IP
      List<String> ips = isServer ? v.internetIps() : List.of(i.nameOrIp());
      if (isIp && isServer && !ips.contains(i.nameOrIp())) {
        ref.addIps(i.nameOrIp());
      }
      ref.addAllIps(ips);
      b.setInternet(ref);
    } else if (p instanceof Peer.AwsResource a) {
      b.setAws(AwsResourceRef.newBuilder().setArn(a.arn()));
    }
    return b.build();
  }

  private static IntentType type(io.netmapper.mapper.store.IntentType t) {
    return switch (t) {
      case TCP -> IntentType.INTENT_TYPE_TCP;
      case HTTP -> IntentType.INTENT_TYPE_HTTP;
      case KAFKA -> IntentType.INTENT_TYPE_KAFKA;
      case INTERNET -> IntentType.INTENT_TYPE_INTERNET;
      case AWS -> IntentType.INTENT_TYPE_AWS;
    };
  }

  private static io.netmapper.api.v1.Evidence evidence(Evidence e) {
    return switch (e) {
      case DNS -> io.netmapper.api.v1.Evidence.EVIDENCE_DNS;
      case SYN -> io.netmapper.api.v1.Evidence.EVIDENCE_SYN;
      case SOCKET_SCAN -> io.netmapper.api.v1.Evidence.EVIDENCE_SOCKET_SCAN;
      case KAFKA_LOG -> io.netmapper.api.v1.Evidence.EVIDENCE_KAFKA_LOG;
      case ISTIO -> io.netmapper.api.v1.Evidence.EVIDENCE_ISTIO;
      case AWS_PROXY -> io.netmapper.api.v1.Evidence.EVIDENCE_AWS_PROXY;
    };
  }

  private static Timestamp ts(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(millis, 1000))
        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }
}
