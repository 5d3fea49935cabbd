package io.netmapper.mapper.ingest;

import com.google.protobuf.Timestamp;
import io.netmapper.api.v1.AwsOperation;
import io.netmapper.api.v1.BatchHeader;
import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.api.v1.DnsAnswer;
import io.netmapper.api.v1.HttpAccess;
import io.netmapper.api.v1.KafkaAccess;
import io.netmapper.api.v1.ListeningSocket;
import io.netmapper.api.v1.ObservationWindow;
import io.netmapper.api.v1.ProcessAttribution;
import io.netmapper.common.net.IpAddresses;
import io.netmapper.mapper.resolve.Observation;
import io.netmapper.mapper.store.Evidence;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks reports field by field and turns valid entries into observations. A bad entry is rejected
 * with the name of its field and never costs the rest of the batch.
 */
final class ReportValidator {
  static final int MAX_NAME_LENGTH = 253;

  /**
   * The entries that passed, one message per entry that did not (field path first), and the reasons
   * of well-formed entries skipped because the map has no place for them (not errors: the reporter
   * did nothing wrong, so the batch is still acknowledged).
   */
  record Checked(
      List<Observation> accepted,
      List<String> errors,
      List<String> reasons,
      List<String> skipped) {}

  /** Longest Kafka topic name (Kafka's own limit), plus one for the prefix marker. */
  static final int MAX_TOPIC_LENGTH = 250;

  private final Clock clock;
  private final long maxAgeMillis;
  private final long maxFutureMillis;
  private final int maxEntries;

  ReportValidator(Clock clock, long maxAgeMillis, long maxFutureMillis, int maxEntries) {
    this.clock = clock;
    this.maxAgeMillis = maxAgeMillis;
    this.maxFutureMillis = maxFutureMillis;
    this.maxEntries = maxEntries;
  }

  /** A whole-batch problem (missing header, oversized), or null when the batch may be applied. */
  /** Why a whole batch is refused: the metric's reason and the message for the reporter. */
  record BatchProblem(String reason, String message) {
    static BatchProblem badHeader(String message) {
      return new BatchProblem("bad_header", message);
    }
  }

  /** The batch-level checks, before any entry is read; null when the batch may be read. */
  BatchProblem checkBatch(boolean hasHeader, BatchHeader header, int entries, String entriesField) {
    if (!hasHeader) {
      return BatchProblem.badHeader("header is required");
    }
    if (!header.hasReporter() || header.getReporter().getComponent().isBlank()) {
      return BatchProblem.badHeader("header.reporter.component is required");
    }
    if (header.getReporter().getInstanceId().isBlank()) {
      return BatchProblem.badHeader("header.reporter.instance_id is required");
    }
    if (header.getSequence() == 0) {
      return BatchProblem.badHeader("header.sequence must be > 0");
    }
    if (entries > maxEntries) {
      return new BatchProblem(
          "oversized",
          entriesField
              + ": "
              + entries
              + " entries exceed the limit of "
              + maxEntries
              + " per batch");
    }
    return null;
  }

  Checked dnsAnswers(List<DnsAnswer> answers, String node) {
    Collector out = new Collector();
    for (int i = 0; i < answers.size(); i++) {
      DnsAnswer a = answers.get(i);
      out.begin();
      String at = "answers[" + i + "]";
      Window w = window(a.hasSeen(), a.getSeen(), at, out);
      String client = ip(a.getClientIp(), at + ".client_ip", out);
      String name = a.getQueryName();
      if (w == null || client == null) {
        continue;
      }
      if (name.isBlank() || name.length() > MAX_NAME_LENGTH + 1) {
        out.reject(
            at + ".query_name: must be a DNS name of 1.." + MAX_NAME_LENGTH + " characters",
            "bad_name");
        continue;
      }
      List<String> ips = new ArrayList<>(a.getIpsCount());
      boolean ok = true;
      for (int j = 0; j < a.getIpsCount() && ok; j++) {
        String ip = ip(a.getIps(j), at + ".ips[" + j + "]", out);
        ok = ip != null;
        if (ok) {
          ips.add(ip);
        }
      }
      if (ok) {
        out.accept(
            new Observation.Dns(
                w.first, w.last, w.count, node, client, process(a.getClientProcess()), name, ips));
      }
    }
    return out.done();
  }

  Checked connections(List<Connection> connections, List<ListeningSocket> listeners, String node) {
    Collector out = new Collector();
    for (int i = 0; i < connections.size(); i++) {
      Connection c = connections.get(i);
      out.begin();
      String at = "connections[" + i + "]";
      Window w = window(c.hasSeen(), c.getSeen(), at, out);
      String client = ip(c.getClientIp(), at + ".client_ip", out);
      String server = ip(c.getServerIp(), at + ".server_ip", out);
      if (w == null || client == null || server == null) {
        continue;
      }
      if (c.getServerPort() < 1 || c.getServerPort() > 65535) {
        out.reject(
            at + ".server_port: " + c.getServerPort() + " is not a port (1..65535)", "bad_port");
        continue;
      }
      if (c.getClientPort() > 65535) {
        out.reject(
            at + ".client_port: " + c.getClientPort() + " is not a port (0..65535)", "bad_port");
        continue;
      }
      Evidence evidence;
      if (c.getEvidence() == ConnectionEvidence.CONNECTION_EVIDENCE_SYN) {
        evidence = Evidence.SYN;
      } else if (c.getEvidence() == ConnectionEvidence.CONNECTION_EVIDENCE_SOCKET_SCAN) {
        evidence = Evidence.SOCKET_SCAN;
      } else {
        out.reject(
            at + ".evidence: must be CONNECTION_EVIDENCE_SYN or CONNECTION_EVIDENCE_SOCKET_SCAN",
            "missing_field");
        continue;
      }
      out.accept(
          new Observation.Connection(
              w.first,
              w.last,
              w.count,
              node,
              client,
              c.getClientPort(),
              server,
              c.getServerPort(),
              evidence,
              process(c.getClientProcess()),
              process(c.getServerProcess())));
    }
    for (int i = 0; i < listeners.size(); i++) {
      ListeningSocket l = listeners.get(i);
      out.begin();
      String at = "listeners[" + i + "]";
      Window w = window(l.hasSeen(), l.getSeen(), at, out);
      String ip = ip(l.getIp(), at + ".ip", out);
      if (w == null || ip == null) {
        continue;
      }
      if (l.getPort() < 1 || l.getPort() > 65535) {
        out.reject(at + ".port: " + l.getPort() + " is not a port (1..65535)", "bad_port");
        continue;
      }
      out.accept(new Observation.Listener(w.last, node, ip, l.getPort(), process(l.getProcess())));
    }
    return out.done();
  }

  Checked kafkaAccesses(List<KafkaAccess> accesses) {
    Collector out = new Collector();
    for (int i = 0; i < accesses.size(); i++) {
      KafkaAccess a = accesses.get(i);
      out.begin();
      String at = "accesses[" + i + "]";
      Window w = window(a.hasSeen(), a.getSeen(), at, out);
      String client = ip(a.getClientIp(), at + ".client_ip", out);
      if (w == null || client == null) {
        continue;
      }
      String pod = a.getServerPodName().trim();
      String ns = a.getServerPodNamespace().trim();
      if (pod.isEmpty() || pod.length() > MAX_NAME_LENGTH) {
        out.reject(
            at + ".server_pod_name: must be a pod name of 1.." + MAX_NAME_LENGTH + " characters",
            "missing_field");
        continue;
      }
      if (ns.isEmpty() || ns.length() > 63) {
        out.reject(
            at + ".server_pod_namespace: must be a namespace name of 1..63 characters",
            "missing_field");
        continue;
      }
      String topic = a.getTopic();
      if (topic.isBlank()
          || topic.length() >= MAX_TOPIC_LENGTH
          || topic.chars().anyMatch(Character::isWhitespace)) {
        out.reject(
            at + ".topic: '" + abbreviate(topic) + "' is not a Kafka topic name", "bad_topic");
        continue;
      }
      String pattern = a.getPatternType();
      if (!pattern.isEmpty() && !pattern.equals("LITERAL") && !pattern.equals("PREFIXED")) {
        out.reject(
            at + ".pattern_type: must be LITERAL or PREFIXED, got '" + abbreviate(pattern) + "'",
            "bad_pattern_type");
        continue;
      }
      if (a.getOperation().isBlank()) {
        out.reject(at + ".operation is required", "missing_field");
        continue;
      }
      String operation = Observation.Kafka.intentOperation(a.getOperation());
      if (operation == null) {
        // a real Kafka operation (CREATE_TOKENS...) or a new one: the CRD has no name for it
        out.skip("unknown_operation");
        continue;
      }
      String name = pattern.equals("PREFIXED") ? topic + "*" : topic;
      out.accept(
          new Observation.Kafka(
              w.first, w.last, w.count, client, ns, pod, name, operation, a.getAllowed()));
    }
    return out.done();
  }

  /**
   * Longest HTTP path taken (Envoy's default max request headers size is 60 KiB; paths beyond this
   * are junk).
   */
  static final int MAX_PATH_LENGTH = 8192;

  /**
   * Accesses reported by Istio's sidecars. Istio's placeholder {@code unknown} (a peer outside the
   * mesh) and methods the CRD cannot name (HEAD...) are skipped and counted, not errors.
   */
  Checked httpAccesses(List<HttpAccess> accesses) {
    Collector out = new Collector();
    for (int i = 0; i < accesses.size(); i++) {
      HttpAccess a = accesses.get(i);
      out.begin();
      String at = "accesses[" + i + "]";
      Window w = window(a.hasSeen(), a.getSeen(), at, out);
      if (w == null) {
        continue;
      }
      String srcNs = namespace(a.getSourceNamespace(), at + ".source_namespace", out);
      String src = workloadName(a.getSourceWorkload(), at + ".source_workload", out);
      String dstNs = namespace(a.getDestinationNamespace(), at + ".destination_namespace", out);
      String dst = workloadName(a.getDestinationWorkload(), at + ".destination_workload", out);
      if (srcNs == null || src == null || dstNs == null || dst == null) {
        continue;
      }
      String path = a.getPath();
      if (path.isEmpty()) {
        out.reject(
            at
                + ".path is required (see docs/istio.md: the Telemetry resource that adds request_path)",
            "missing_field");
        continue;
      }
      if (path.length() > MAX_PATH_LENGTH || path.charAt(0) != '/' && !path.equals("*")) {
        out.reject(
            at
                + ".path: '"
                + abbreviate(path)
                + "' is not an HTTP path (starts with /, at most "
                + MAX_PATH_LENGTH
                + " characters)",
            "bad_path");
        continue;
      }
      if (a.getMethod().isBlank()) {
        out.reject(at + ".method is required", "missing_field");
        continue;
      }
      if (UNKNOWN.equals(src)
          || UNKNOWN.equals(dst)
          || UNKNOWN.equals(srcNs)
          || UNKNOWN.equals(dstNs)) {
        // Istio's placeholder for a peer outside the mesh (or without metadata exchange)
        out.skip("unknown_workload");
        continue;
      }
      String method = Observation.Http.intentMethod(a.getMethod());
      if (method == null) {
        out.skip("unknown_method");
        continue;
      }
      out.accept(
          new Observation.Http(
              w.first,
              w.last,
              w.count,
              srcNs,
              src,
              dstNs,
              dst,
              serviceName(a.getDestinationService(), dstNs),
              method,
              path));
    }
    return out.done();
  }

  /** IAM's longest ARNs stay far below this; anything longer is not an ARN. */
  static final int MAX_ARN_LENGTH = 2048;

  private static final java.util.regex.Pattern AWS_SERVICE =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final java.util.regex.Pattern AWS_ACTION =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}:[A-Za-z0-9*]{1,128}");

  Checked awsOperations(List<AwsOperation> operations) {
    Collector out = new Collector();
    for (int i = 0; i < operations.size(); i++) {
      AwsOperation o = operations.get(i);
      out.begin();
      String at = "operations[" + i + "]";
      Window w = window(o.hasSeen(), o.getSeen(), at, out);
      String client = ip(o.getClientIp(), at + ".client_ip", out);
      if (w == null || client == null) {
        continue;
      }
      if (!AWS_SERVICE.matcher(o.getService()).matches()) {
        out.reject(
            at + ".service: '" + abbreviate(o.getService()) + "' is not an AWS service prefix",
            "bad_service");
        continue;
      }
      if (o.getActionsCount() == 0) {
        out.reject(at + ".actions: at least one action is required", "missing_field");
        continue;
      }
      String badAction =
          o.getActionsList().stream()
              .filter(a -> !AWS_ACTION.matcher(a).matches())
              .findFirst()
              .orElse(null);
      if (badAction != null) {
        out.reject(
            at + ".actions: '" + abbreviate(badAction) + "' is not an IAM action (service:Action)",
            "bad_action");
        continue;
      }
      if (o.getResourceArnsCount() == 0) {
        out.reject(at + ".resource_arns: at least one ARN (or \"*\") is required", "missing_field");
        continue;
      }
      String badArn =
          o.getResourceArnsList().stream().filter(a -> !isArn(a)).findFirst().orElse(null);
      if (badArn != null) {
        out.reject(at + ".resource_arns: '" + abbreviate(badArn) + "' is not an ARN", "bad_arn");
        continue;
      }
      out.accept(
          new Observation.Aws(
              w.first,
              w.last,
              w.count,
              client,
              o.getService(),
              o.getResourceArnsList(),
              o.getActionsList()));
    }
    return out.done();
  }

  private static boolean isArn(String s) {
    if (s.equals("*")) {
      return true;
    }
    if (s.length() > MAX_ARN_LENGTH || !s.startsWith("arn:") || s.split(":", -1).length < 6) {
      return false;
    }
    return s.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  private static final String UNKNOWN = "unknown";

  private static String namespace(String text, String field, Collector out) {
    String ns = text.trim();
    if (ns.isEmpty() || ns.length() > 63) {
      out.reject(field + ": must be a namespace name of 1..63 characters", "missing_field");
      return null;
    }
    return ns;
  }

  private static String workloadName(String text, String field, Collector out) {
    String name = text.trim();
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      out.reject(
          field + ": must be a workload name of 1.." + MAX_NAME_LENGTH + " characters",
          "missing_field");
      return null;
    }
    return name;
  }

  /**
   * {@code name.namespace} from Istio's {@code destination_service_name} ({@code cart}) or {@code
   * destination_service} ({@code cart.shop.svc.cluster.local}); null when absent or unknown.
   */
  static String serviceName(String text, String destinationNamespace) {
    String s = text.trim();
    if (s.isEmpty() || s.equals(UNKNOWN) || s.length() > MAX_NAME_LENGTH) {
      return null;
    }
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s + "." + destinationNamespace;
    }
    int second = s.indexOf('.', dot + 1);
    return second < 0 ? s : s.substring(0, second);
  }

  private record Window(long first, long last, long count) {}

  private Window window(boolean present, ObservationWindow seen, String at, Collector out) {
    if (!present || !seen.hasLastSeen()) {
      out.reject(at + ".seen.last_seen is required", "missing_field");
      return null;
    }
    long last = millis(seen.getLastSeen());
    long first = seen.hasFirstSeen() ? millis(seen.getFirstSeen()) : last;
    long now = clock.millis();
    if (last > now + maxFutureMillis || last < now - maxAgeMillis) {
      out.reject(
          at
              + ".seen.last_seen: "
              + java.time.Instant.ofEpochMilli(last)
              + " is too far from the mapper's time "
              + java.time.Instant.ofEpochMilli(now),
          "absurd_timestamp");
      return null;
    }
    if (first > last) {
      out.reject(at + ".seen.first_seen: after last_seen", "absurd_timestamp");
      return null;
    }
    return new Window(first, last, Math.max(1, seen.getCount()));
  }

  private static long millis(Timestamp ts) {
    return ts.getSeconds() * 1000 + ts.getNanos() / 1_000_000;
  }

  private static String ip(String text, String field, Collector out) {
    if (text.isEmpty()) {
      out.reject(field + " is required", "missing_field");
      return null;
    }
    String canonical = IpAddresses.canonical(text).orElse(null);
    if (canonical == null) {
      out.reject(field + ": '" + abbreviate(text) + "' is not an IP address", "bad_address");
    }
    return canonical;
  }

  private static Observation.ProcessRef process(ProcessAttribution p) {
    if (p == null || p.getPodUid().isBlank()) {
      return Observation.ProcessRef.NONE;
    }
    return new Observation.ProcessRef(p.getPodUid().trim(), p.getHostNetwork());
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static final class Collector {
    final List<Observation> accepted = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    boolean entryRejected;

    void begin() {
      entryRejected = false;
    }

    void reject(String message, String reason) {
      // one message per entry: the first problem found names the field
      if (!entryRejected) {
        errors.add(message);
        reasons.add(reason);
        entryRejected = true;
      }
    }

    void skip(String reason) {
      skipped.add(reason);
    }

    void accept(Observation o) {
      accepted.add(o);
    }

    Checked done() {
      return new Checked(accepted, errors, reasons, skipped);
    }
  }
}
