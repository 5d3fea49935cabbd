package io.netmapper.sniffer.capture;

import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import io.netmapper.sniffer.collect.ListenerSeen;
import io.netmapper.sniffer.collect.Observations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects observations and counter calls. */
final class RecordingObservations implements Observations, CaptureCounters {
  final List<DnsAnswer> answers = new ArrayList<>();
  final List<ConnectionSeen> connections = new ArrayList<>();
  final Map<String, Integer> counts = new TreeMap<>();
  long packets;

  @Override
  public void dnsAnswer(DnsAnswer answer) {
    answers.add(answer);
  }

  @Override
  public void connection(ConnectionSeen connection) {
    connections.add(connection);
  }

  @Override
  public void listener(ListenerSeen listener) {
    throw new AssertionError("capture reports no listeners");
  }

  @Override
  public void packet() {
    packets++;
  }

  @Override
  public void malformed(String reason) {
    counts.merge("malformed:" + reason, 1, Integer::sum);
  }

  @Override
  public void skipped(String reason) {
    counts.merge("skipped:" + reason, 1, Integer::sum);
  }

  @Override
  public void dnsIgnored(String reason) {
    counts.merge("ignored:" + reason, 1, Integer::sum);
  }

  int count(String key) {
    return counts.getOrDefault(key, 0);
  }
}
