package io.netmapper.testbed.scenario;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the testbed builds and runs: namespaces, workloads, Services, external hosts, traffic and
 * timed events. Loaded from YAML (docs/scenarios.md); validated once here.
 *
 * @param expect the exact map the scenario must produce, as {@code client -> server} lines ({@code
 *     ns/name} of workloads, {@code internet:<name or ip>}, {@code apiserver}); optional
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Scenario(
    String name,
    String description,
    Duration duration,
    List<Workload> workloads,
    List<Service> services,
    List<External> externals,
    List<Traffic> traffic,
    List<Event> events,
    List<String> expect) {

  public Scenario {
    Objects.requireNonNull(name, "scenario name is required");
    duration = duration == null ? Duration.ofSeconds(8) : duration;
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
    services = services == null ? List.of() : List.copyOf(services);
    externals = externals == null ? List.of() : List.copyOf(externals);
    traffic = traffic == null ? List.of() : List.copyOf(traffic);
    events = events == null ? List.of() : List.copyOf(events);
    expect = expect == null ? List.of() : List.copyOf(expect);
  }

  /**
   * A workload and its pods.
   *
   * @param kind Deployment, StatefulSet, DaemonSet, CronJob or Pod (a bare pod)
   * @param ipv6 pods also get an IPv6 address
   * @param hostNetwork pods run in the node's network namespace
   * @param ports ports the pods listen on
   */
  public record Workload(
      String name,
      String namespace,
      String kind,
      Integer replicas,
      Map<String, String> labels,
      Map<String, String> annotations,
      Boolean hostNetwork,
      Boolean ipv6,
      List<String> ipFamilies,
      List<Integer> ports) {
    public Workload {
      Objects.requireNonNull(name, "workload name is required");
      namespace = namespace == null ? "default" : namespace;
      kind = kind == null ? "Deployment" : kind;
      if (!List.of("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Pod").contains(kind)) {
        throw new IllegalArgumentException(
            "workload "
                + name
                + ": kind must be Deployment, StatefulSet, DaemonSet, CronJob or Pod, not "
                + kind);
      }
      replicas = replicas == null ? 1 : replicas;
      if (replicas < 1 || ("Pod".equals(kind) && replicas != 1)) {
        throw new IllegalArgumentException(
            "workload " + name + ": replicas must be >= 1 (exactly 1 for a bare Pod)");
      }
      labels = labels == null ? Map.of("app", name) : Map.copyOf(labels);
      annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
      hostNetwork = hostNetwork != null && hostNetwork;
      ipFamilies =
          families(
              "workload " + name,
              ipFamilies,
              ipv6 != null && ipv6 ? List.of("IPv4", "IPv6") : List.of("IPv4"));
      if (ipv6 != null && ipv6 && !ipFamilies.contains("IPv6")) {
        throw new IllegalArgumentException(
            "workload " + name + ": ipv6: true contradicts ipFamilies " + ipFamilies);
      }
      if (hostNetwork && !ipFamilies.equals(List.of("IPv4"))) {
        throw new IllegalArgumentException(
            "workload " + name + ": a hostNetwork workload has the node's address (IPv4) only");
      }
      ipv6 = ipFamilies.contains("IPv6");
      ports = ports == null ? List.of() : List.copyOf(ports);
      ports.forEach(p -> checkPort("workload " + name, p));
    }

    /** Pods have an IPv4 address (all but IPv6-only pods). */
    public boolean ipv4() {
      return ipFamilies.contains("IPv4");
    }

    public String ref() {
      return namespace + "/" + name;
    }
  }

  /** A Service port: what clients dial, and the pods' port behind it. */
  public record Port(int port, Integer targetPort) {
    public Port {
      checkPort("service port", port);
      targetPort = targetPort == null ? port : targetPort;
      checkPort("service targetPort", targetPort);
    }
  }

  /** A TCP port, 1..65535. */
  static int checkPort(String what, Integer port) {
    if (port == null || port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + ": port must be 1..65535, not " + port);
    }
    return port;
  }

  /** IP families, {@code IPv4} and/or {@code IPv6}, no repeats; the first is the primary. */
  static List<String> families(String what, List<String> given, List<String> fallback) {
    if (given == null) {
      return fallback;
    }
    if (given.isEmpty()
        || given.size() > 2
        || given.stream().distinct().count() != given.size()
        || !List.of("IPv4", "IPv6").containsAll(given)) {
      throw new IllegalArgumentException(
          what + ": ipFamilies must be [IPv4], [IPv6], [IPv4, IPv6] or [IPv6, IPv4], not " + given);
    }
    return List.copyOf(given);
  }

  /**
   * A Service selecting pods by labels; headless Services have no ClusterIP.
   *
   * @param ipFamilies {@code [IPv4]} (default), {@code [IPv6]}, or both (dual-stack: a ClusterIP
   *     and an EndpointSlice per family)
   */
  public record Service(
      String name,
      String namespace,
      Boolean headless,
      Map<String, String> selector,
      List<String> ipFamilies,
      List<Port> ports) {
    public Service {
      Objects.requireNonNull(name, "service name is required");
      namespace = namespace == null ? "default" : namespace;
      headless = headless != null && headless;
      selector = selector == null ? Map.of("app", name) : Map.copyOf(selector);
      ipFamilies = families("service " + name, ipFamilies, List.of("IPv4"));
      ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public String ref() {
      return namespace + "/" + name;
    }
  }

  /**
   * A host outside the cluster: a name (reached through a CNAME chain, optionally) and an address.
   * A name without an address exists in DNS with no records: lookups get an empty answer (NODATA).
   */
  public record External(String name, List<String> cnames, String ip, List<Integer> ports) {
    public External {
      if (ip == null && name == null) {
        throw new IllegalArgumentException("an external host needs a name or an ip");
      }
      if (ip != null && (ip.contains(":") || !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
        throw new IllegalArgumentException(
            "external host " + (name == null ? ip : name) + ": ip must be an IPv4 address");
      }
      cnames = cnames == null ? List.of() : List.copyOf(cnames);
      ports = ports == null ? List.of(443) : List.copyOf(ports);
      ports.forEach(p -> checkPort("external host " + (name == null ? ip : name), p));
    }
  }

  /**
   * A client workload's traffic.
   *
   * @param to a Service name ({@code svc} or {@code svc.ns}), {@code pod:<workload>} (a pod's DNS
   *     name), {@code clusterip:<svc>}, an external name, or {@code ip:<address>}
   * @param mode {@code short} (connect, send, close), {@code long} (opened before the sniffer
   *     starts and kept open) or {@code periodic} (short, every {@code interval})
   * @param delay for short and periodic traffic: wait this long after traffic starts
   */
  public record Traffic(
      String from, String to, Integer port, String mode, Duration interval, Duration delay) {
    public Traffic {
      delay = delay == null ? Duration.ZERO : delay;
      Objects.requireNonNull(from, "traffic needs from");
      Objects.requireNonNull(to, "traffic needs to");
      mode = mode == null ? "periodic" : mode;
      if (!List.of("short", "long", "periodic", "lookup").contains(mode)) {
        throw new IllegalArgumentException(
            "traffic " + from + " -> " + to + ": mode must be short, long, periodic or lookup");
      }
      if (mode.equals("lookup")) {
        port = port == null ? 0 : port;
        if (port != 0) {
          throw new IllegalArgumentException(
              "traffic " + from + " -> " + to + ": a lookup connects nowhere, so it takes no port");
        }
      } else {
        checkPort("traffic " + from + " -> " + to, port);
      }
      interval = interval == null ? Duration.ofSeconds(1) : interval;
      if (interval.isNegative() || interval.isZero() || delay.isNegative()) {
        throw new IllegalArgumentException(
            "traffic " + from + " -> " + to + ": interval must be positive, delay not negative");
      }
    }
  }

  /**
   * A timed event. {@code reuse-ip}: delete the pod of {@code workload} and start a pod of {@code
   * replacement} that gets the same IP. {@code delete-pod}: delete the pod of {@code workload}.
   *
   * @param endpointsLag how long after the deletion the EndpointSlice controller and kube-proxy
   *     catch up (a slow control plane); default 0: at once
   */
  public record Event(
      Duration at, String action, String workload, String replacement, Duration endpointsLag) {
    public Event {
      Objects.requireNonNull(at, "event needs at");
      if (!List.of("reuse-ip", "delete-pod").contains(action)) {
        throw new IllegalArgumentException(
            "event action must be reuse-ip or delete-pod, not " + action);
      }
      Objects.requireNonNull(workload, "event " + action + " needs workload");
      if (action.equals("reuse-ip") && replacement == null) {
        throw new IllegalArgumentException("event reuse-ip needs replacement");
      }
      if (action.equals("delete-pod") && replacement != null) {
        throw new IllegalArgumentException("event delete-pod takes no replacement (see reuse-ip)");
      }
      endpointsLag = endpointsLag == null ? Duration.ZERO : endpointsLag;
      if (at.isNegative() || endpointsLag.isNegative()) {
        throw new IllegalArgumentException("event " + action + ": at and endpointsLag >= 0");
      }
    }
  }
}
