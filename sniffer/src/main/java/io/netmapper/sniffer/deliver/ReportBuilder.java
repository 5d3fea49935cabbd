package io.netmapper.sniffer.deliver;

import com.google.protobuf.CodedOutputStream;
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
import io.netmapper.common.deliver.Batches;
import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.Interval;
import io.netmapper.sniffer.collect.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns an interval into report batches of at most {@code maxEntries} entries and {@code maxBytes}
 * serialized bytes of entries each, one batch at a time: only the batch being built exists as
 * protobuf objects, whatever the size of the interval.
 */
public final class ReportBuilder {
  private final int maxEntries;
  private final int maxBytes;

  public ReportBuilder(int maxEntries) {
    this(maxEntries, Batches.DEFAULT_MAX_BYTES);
  }

  public ReportBuilder(int maxEntries, int maxBytes) {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "maxEntries and maxBytes must be >= 1, got " + maxEntries + ", " + maxBytes);
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** Every batch of the interval in a list (tests; {@link #report} keeps only one alive). */
  public List<Function<BatchHeader, MessageLite>> batches(Interval interval) {
    List<Function<BatchHeader, MessageLite>> out = new ArrayList<>();
    report(interval, out::add);
    return out;
  }

  /**
   * Builds the interval's batches in order and passes each to {@code out} (which stamps and
   * serializes it) before building the next. Each takes the header (with sequence) that delivery
   * assigns.
   */
  public void report(Interval interval, Consumer<Function<BatchHeader, MessageLite>> out) {
    List<DnsAnswer> answers = new ArrayList<>();
    long bytes = 0;
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
      DnsAnswer a = b.build();
      long size = wireSize(a);
      if (!answers.isEmpty() && (answers.size() >= maxEntries || bytes + size > maxBytes)) {
        emitDns(answers, out);
        answers = new ArrayList<>();
        bytes = 0;
      }
      answers.add(a);
      bytes += size;
    }
    if (!answers.isEmpty()) {
      emitDns(answers, out);
    }
    List<Connection> connections = new ArrayList<>();
    List<ListeningSocket> listeners = new ArrayList<>();
    bytes = 0;
    for (Interval.Connection c : interval.connections()) {
      Connection conn =
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
              .build();
      long size = wireSize(conn);
      if (!connections.isEmpty() && (connections.size() >= maxEntries || bytes + size > maxBytes)) {
        emitConnections(connections, List.of(), out);
        connections = new ArrayList<>();
        bytes = 0;
      }
      connections.add(conn);
      bytes += size;
    }
    for (Interval.Listener l : interval.listeners()) {
      ListeningSocket socket =
          ListeningSocket.newBuilder()
              .setSeen(window(l.window()))
              .setIp(l.ip())
              .setPort(l.port())
              .setProcess(process(l.process()))
              .build();
      long size = wireSize(socket);
      int held = connections.size() + listeners.size();
      if (held > 0 && (held >= maxEntries || bytes + size > maxBytes)) {
        emitConnections(connections, listeners, out);
        connections = List.of();
        listeners = new ArrayList<>();
        bytes = 0;
      }
      listeners.add(socket);
      bytes += size;
    }
    if (!connections.isEmpty() || !listeners.isEmpty()) {
      emitConnections(connections, listeners, out);
    }
  }

  /** Bytes of an entry inside its report: field tag, length and the entry. */
  private static long wireSize(com.google.protobuf.MessageLite entry) {
    int size = entry.getSerializedSize();
    return 1L + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static void emitDns(
      List<DnsAnswer> answers, Consumer<Function<BatchHeader, MessageLite>> out) {
    out.accept(h -> DnsAnswerReport.newBuilder().setHeader(h).addAllAnswers(answers).build());
  }

  private static void emitConnections(
      List<Connection> cs,
      List<ListeningSocket> ls,
      Consumer<Function<BatchHeader, MessageLite>> out) {
    out.accept(
        h ->
            ConnectionReport.newBuilder()
                .setHeader(h)
                .addAllConnections(cs)
                .addAllListeners(ls)
                .build());
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
