package io.netmapper.testbed.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a scenario file before anything is built ({@code netmapper demo --check FILE}): the format
 * (unknown keys, wrong types, invalid values such as port 70000) and what refers to what (traffic
 * from a workload that does not exist, to a Service or host nobody declared, events, the expected
 * map). Every problem names its line.
 */
public final class ScenarioLinter {
  /** One problem: the 1-based line (0 when unknown) and what is wrong. */
  public record Problem(int line, String message) {
    @Override
    public String toString() {
      return (line > 0 ? "line " + line + ": " : "") + message;
    }
  }

  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final String NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  private final Map<String, Integer> lines;
  private final List<Problem> problems = new ArrayList<>();

  private ScenarioLinter(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Every problem of a scenario's YAML text; empty when it can run. */
  public static List<Problem> check(String yaml) {
    Map<String, Integer> lines;
    try {
      lines = lineIndex(yaml);
    } catch (IOException e) {
      return List.of(new Problem(line(e), "not valid YAML: " + firstLine(message(e))));
    }
    ScenarioLinter linter = new ScenarioLinter(lines);
    Scenario scenario;
    try {
      scenario = Scenarios.parse(yaml);
    } catch (JsonMappingException e) {
      String pointer = pointer(e.getPath());
      Integer at = lines.get(pointer);
      String where = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.') + ": ";
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      String why = cause == e ? firstLine(e.getOriginalMessage()) : firstLine(cause.getMessage());
      return List.of(new Problem(at != null ? at : line(e), where + why));
    } catch (IOException e) {
      return List.of(new Problem(line(e), firstLine(message(e))));
    }
    linter.references(scenario);
    return List.copyOf(linter.problems);
  }

  private void references(Scenario s) {
    Map<String, Scenario.Workload> workloads = new HashMap<>();
    for (int i = 0; i < s.workloads().size(); i++) {
      Scenario.Workload w = s.workloads().get(i);
      if (!w.name().matches(NAME) || !w.namespace().matches(NAME)) {
        add("/workloads/" + i, "workload " + w.ref() + ": names are DNS labels (a-z, 0-9, -)");
      }
      if (workloads.put(w.ref(), w) != null) {
        add("/workloads/" + i, "workload " + w.ref() + " is declared twice");
      }
    }
    Map<String, Scenario.Service> services = new HashMap<>();
    for (int i = 0; i < s.services().size(); i++) {
      Scenario.Service svc = s.services().get(i);
      if (services.put(svc.ref(), svc) != null) {
        add("/services/" + i, "service " + svc.ref() + " is declared twice");
      }
      if (svc.ports().isEmpty() && !svc.headless()) {
        add("/services/" + i, "service " + svc.ref() + " has no ports");
      }
    }
    Set<String> externalNames = new HashSet<>();
    for (Scenario.External e : s.externals()) {
      if (e.name() != null) {
        externalNames.add(e.name());
      }
    }
    for (int i = 0; i < s.traffic().size(); i++) {
      Scenario.Traffic t = s.traffic().get(i);
      Scenario.Workload from = find(workloads, t.from());
      if (from == null) {
        add("/traffic/" + i + "/from", "traffic from " + t.from() + ": no such workload");
        continue; // its target's namespace is unknown
      }
      String problem = target(t, from.namespace(), workloads, services, externalNames);
      if (problem != null) {
        add("/traffic/" + i + "/to", "traffic to " + t.to() + ": " + problem);
      }
    }
    Set<String> replaced = new HashSet<>();
    for (int i = 0; i < s.events().size(); i++) {
      Scenario.Event e = s.events().get(i);
      if (find(workloads, e.workload()) == null) {
        add("/events/" + i + "/workload", "event " + e.action() + ": no workload " + e.workload());
      }
      if (e.replacement() != null) {
        Scenario.Workload r = find(workloads, e.replacement());
        if (r == null) {
          add("/events/" + i + "/replacement", "event reuse-ip: no workload " + e.replacement());
        } else if (r.hostNetwork() || r.replicas() != 1 || !replaced.add(r.ref())) {
          add(
              "/events/" + i + "/replacement",
              "event reuse-ip: the replacement must be a one-pod, non-hostNetwork workload used"
                  + " once");
        }
      }
    }
    // the map names a workload by its name override when it has one
    Set<String> named = new HashSet<>(workloads.keySet());
    workloads.values().stream()
        .filter(w -> w.annotations().containsKey("netmapper.io/workload-name"))
        .forEach(
            w ->
                named.add(w.namespace() + "/" + w.annotations().get("netmapper.io/workload-name")));
    for (int i = 0; i < s.expect().size(); i++) {
      String problem = expectation(s.expect().get(i), named);
      if (problem != null) {
        add("/expect/" + i, "expect '" + s.expect().get(i) + "': " + problem);
      }
    }
  }

  private static String target(
      Scenario.Traffic t,
      String ns,
      Map<String, Scenario.Workload> workloads,
      Map<String, Scenario.Service> services,
      Set<String> externalNames) {
    String to = t.to();
    if (to.startsWith("ip:")) {
      String ip = to.substring(3);
      return ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") || ip.matches("[0-9a-fA-F:]+:[0-9a-fA-F:]*")
          ? null
          : "not an IP address";
    }
    if (to.equals("node:") || to.startsWith("node:")) {
      return to.equals("node:") || to.equals("node:testbed-node")
          ? null
          : "the testbed has one node: write node: (or node:testbed-node)";
    }
    if (to.startsWith("clusterip:")) {
      Scenario.Service svc = services.get(qualified(to.substring(10), ns));
      return svc == null
          ? "no such Service"
          : svc.headless() ? "a headless Service has no ClusterIP" : portOf(svc, t);
    }
    if (to.startsWith("pod:") || to.startsWith("ipv6:")) {
      Scenario.Workload w = find(workloads, to.substring(to.indexOf(':') + 1), ns);
      if (w == null) {
        return "no such workload";
      }
      if (w.hostNetwork()) {
        return "a hostNetwork workload has no pod address of its own (use node:)";
      }
      return to.startsWith("ipv6:") && !w.ipv6() ? "the workload has no IPv6 address" : null;
    }
    if (externalNames.contains(to)) {
      return null;
    }
    String name = to.endsWith(".") ? to.substring(0, to.length() - 1) : to;
    if (name.equals("kubernetes")
        || name.startsWith("kubernetes.default")
        || name.endsWith(".cluster.local")) {
      return null;
    }
    String[] parts = name.split("\\.");
    Scenario.Service svc =
        parts.length == 1
            ? services.get(ns + "/" + parts[0])
            : parts.length == 2 || (parts.length == 3 && parts[2].equals("svc"))
                ? services.get(parts[1] + "/" + parts[0])
                : null;
    return svc == null ? "no Service or external host of that name" : portOf(svc, t);
  }

  private static String portOf(Scenario.Service svc, Scenario.Traffic t) {
    if (t.mode().equals("lookup") || svc.headless()) {
      return null;
    }
    return svc.ports().stream().anyMatch(p -> p.port() == t.port())
        ? null
        : "Service " + svc.ref() + " has no port " + t.port();
  }

  private static String expectation(String line, Set<String> workloads) {
    String[] ends = line.split(" -> ");
    if (ends.length != 2) {
      return "write 'client -> server'";
    }
    if (!workloads.contains(ends[0].trim())) {
      return "the client must be a workload of the scenario as namespace/name";
    }
    String server = ends[1].trim();
    if (server.equals("apiserver") || server.startsWith("internet:")) {
      return server.equals("internet:") ? "internet: needs a name or an address" : null;
    }
    return workloads.contains(server)
        ? null
        : "the server must be namespace/name of a workload, internet:<name or ip> or apiserver";
  }

  private static Scenario.Workload find(Map<String, Scenario.Workload> workloads, String ref) {
    return find(workloads, ref, null);
  }

  /**
   * {@code name} (in {@code ns}, or anywhere when ns is null), {@code name.ns}, {@code ns/name}.
   */
  private static Scenario.Workload find(
      Map<String, Scenario.Workload> workloads, String ref, String ns) {
    if (ref.contains("/")) {
      return workloads.get(ref);
    }
    if (ref.contains(".")) {
      return workloads.get(qualified(ref, "default"));
    }
    if (ns != null) {
      return workloads.get(ns + "/" + ref);
    }
    return workloads.values().stream().filter(w -> w.name().equals(ref)).findFirst().orElse(null);
  }

  private static String qualified(String nameDotNs, String ns) {
    int dot = nameDotNs.indexOf('.');
    return dot < 0
        ? ns + "/" + nameDotNs
        : nameDotNs.substring(dot + 1) + "/" + nameDotNs.substring(0, dot);
  }

  private void add(String pointer, String message) {
    Integer at = lines.get(pointer);
    if (at == null && pointer.lastIndexOf('/') > 0) {
      at = lines.get(pointer.substring(0, pointer.lastIndexOf('/')));
    }
    problems.add(new Problem(at == null ? 0 : at, message));
  }

  /** The line each value starts on, by JSON pointer ({@code /traffic/2/port}). */
  private static Map<String, Integer> lineIndex(String yaml) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          continue;
        }
        // at a struct's start the new context has no name or index yet: its path is the struct's
        String pointer = p.getParsingContext().pathAsPointer().toString();
        out.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
      }
    }
    return out;
  }

  private static String pointer(List<JsonMappingException.Reference> path) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      sb.append('/').append(r.getFieldName() != null ? r.getFieldName() : r.getIndex());
    }
    return sb.toString();
  }

  private static int line(IOException e) {
    if (e instanceof JsonProcessingException j) {
      JsonLocation l = j.getLocation();
      return l == null ? 0 : l.getLineNr();
    }
    return 0;
  }

  private static String message(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "invalid";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
