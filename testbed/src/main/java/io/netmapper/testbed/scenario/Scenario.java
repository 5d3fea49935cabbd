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
      ipv6 = ipv6 != null && ipv6;
      ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public String ref() {
      return namespace + "/" + name;
    }
  }

  /** A Service port: what clients dial, and the pods' port behind it. */
  public record Port(int port, Integer targetPort) {
    public Port {
      targetPort = targetPort == null ? port : targetPort;
    }
  }

  /** A Service selecting pods by labels; headless Services have no ClusterIP. */
  public record Service(
      String name,
      String namespace,
      Boolean headless,
      Map<String, String> selector,
      List<Port> ports) {
    public Service {
      Objects.requireNonNull(name, "service name is required");
      namespace = namespace == null ? "default" : namespace;
      headless = headless != null && headless;
      selector = selector == null ? Map.of("app", name) : Map.copyOf(selector);
      ports = ports == null ? List.of() : List.copyOf(ports);
    }
  }

  /**
   * A host outside the cluster: a name (reached through a CNAME chain, optionally) and an address.
   */
  public record External(String name, List<String> cnames, String ip, List<Integer> ports) {
    public External {
      Objects.requireNonNull(ip, "external host ip is required");
      cnames = cnames == null ? List.of() : List.copyOf(cnames);
      ports = ports == null ? List.of(443) : List.copyOf(ports);
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
      String from, String to, int port, String mode, Duration interval, Duration delay) {
    public Traffic {
      delay = delay == null ? Duration.ZERO : delay;
      Objects.requireNonNull(from, "traffic needs from");
      Objects.requireNonNull(to, "traffic needs to");
      mode = mode == null ? "periodic" : mode;
      if (!List.of("short", "long", "periodic").contains(mode)) {
        throw new IllegalArgumentException(
            "traffic " + from + " -> " + to + ": mode must be short, long or periodic");
      }
      interval = interval == null ? Duration.ofSeconds(1) : interval;
    }
  }

  /**
   * A timed event. {@code reuse-ip}: delete the pod of {@code workload} and start a pod of {@code
   * replacement} that gets the same IP.
   */
  public record Event(Duration at, String action, String workload, String replacement) {
    public Event {
      Objects.requireNonNull(at, "event needs at");
      if (!"reuse-ip".equals(action)) {
        throw new IllegalArgumentException("event action must be reuse-ip, not " + action);
      }
    }
  }
}
