package io.netmapper.sniffer.deliver;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Timestamp;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.DnsAnswerReport;
import io.netmapper.api.v1.ListeningSocket;
import io.netmapper.api.v1.ObservationWindow;
import io.netmapper.api.v1.ProcessAttribution;
import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.Interval;
import io.netmapper.sniffer.collect.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns an interval into report batches of at most {@code maxEntries} entries each. */
public final class ReportBuilder {
  private final int maxEntries;

  public ReportBuilder(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** One builder per batch; each takes the header (with sequence) that delivery assigns. */
  public List<Function<BatchHeader, MessageLite>> batches(Interval interval) {
    List<Function<BatchHeader, MessageLite>> out = new ArrayList<>();
    List<DnsAnswer> answers = new ArrayList<>(interval.dns().size());
    for (Interval.Dns d : interval.dns()) {
      DnsAnswer.Builder b =
          DnsAnswer.newBuilder()
              .setSeen(window(d.window()))
              .setClientIp(d.clientIp())
              .setQueryName(d.queryName())
              .addAllCnameChain(d.cnameChain())
              .addAllIps(d.ips())
              .setTtlSeconds((int) Math.min(d.ttlSeconds(), 0xffffffffL));
      if (d.client()
          .isKnown()) { // only hostNetwork clients have one; pods are named by their address
        b.setClientProcess(process(d.client()));
      }
      answers.add(b.build());
    }
    for (int i = 0; i < answers.size(); i += maxEntries) {
      List<DnsAnswer> chunk = answers.subList(i, Math.min(answers.size(), i + maxEntries));
      out.add(h -> DnsAnswerReport.newBuilder().setHeader(h).addAllAnswers(chunk).build());
    }
    List<Connection> connections = new ArrayList<>(interval.connections().size());
    for (Interval.Connection c : interval.connections()) {
      connections.add(
          Connection.newBuilder()
              .setSeen(window(c.window()))
              .setClientIp(c.clientIp())
              .setClientPort(c.clientPort())
              .setServerIp(c.serverIp())
              .setServerPort(c.serverPort())
              .setEvidence(
                  c.source() == ConnectionSeen.Source.SYN
                      ? ConnectionEvidence.CONNECTION_EVIDENCE_SYN
                      : ConnectionEvidence.CONNECTION_EVIDENCE_SOCKET_SCAN)
              .setClientProcess(process(c.client()))
              .build());
    }
    List<ListeningSocket> listeners = new ArrayList<>(interval.listeners().size());
    for (Interval.Listener l : interval.listeners()) {
      listeners.add(
          ListeningSocket.newBuilder()
              .setSeen(window(l.window()))
              .setIp(l.ip())
              .setPort(l.port())
              .setProcess(process(l.process()))
              .build());
    }
    int total = connections.size() + listeners.size();
    for (int i = 0; i < total; i += maxEntries) {
      int from = i;
      int to = Math.min(total, i + maxEntries);
      List<Connection> cs =
          connections.subList(Math.min(from, connections.size()), Math.min(to, connections.size()));
      List<ListeningSocket> ls =
          listeners.subList(
              Math.max(0, from - connections.size()), Math.max(0, to - connections.size()));
      out.add(
          h ->
              ConnectionReport.newBuilder()
                  .setHeader(h)
                  .addAllConnections(cs)
                  .addAllListeners(ls)
                  .build());
    }
    return out;
  }

  static ObservationWindow window(Window w) {
    return ObservationWindow.newBuilder()
        .setFirstSeen(timestamp(w.firstNanos()))
        .setLastSeen(timestamp(w.lastNanos()))
        .setCount((int) Math.min(w.count(), 0xffffffffL))
        .build();
  }

  static Timestamp timestamp(long epochNanos) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochNanos, 1_000_000_000L))
        .setNanos((int) Math.floorMod(epochNanos, 1_000_000_000L))
        .build();
  }

  static ProcessAttribution process(Attribution a) {
    return ProcessAttribution.newBuilder()
        .setPodUid(a.podUid())
        .setContainerId(a.containerId())
        .setHostNetwork(a.hostNetwork())
        .setProcessName(a.processName())
        .build();
  }
}
