package io.netmapper.cli.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netmapper.cli.CliException;
import io.netmapper.cli.NetmapperCommand;
import io.netmapper.cli.QueryOptions;
import io.netmapper.cli.connect.ClusterPolicies;
import io.netmapper.cli.map.MapQuery;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netmapper policy check}: which observed flows these NetworkPolicies would block. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Evaluate NetworkPolicies (files, or the cluster's) against every observed flow of the map."
            + " Exit code 1 when any observed flow would be blocked.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  netmapper export --format networkpolicy -o policies/ --output-type dir",
      "  netmapper policy check -f policies/",
      "  netmapper policy check --from-cluster -n shop"
    })
public final class PolicyCheckCommand implements Callable<Integer> {
  private final NetmapperCommand root;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "PATH",
      description = "Policy files or directories of .yaml/.yml/.json files (repeatable).")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--from-cluster",
      description = "Evaluate the NetworkPolicies in the cluster (kubeconfig) instead of files.")
  boolean fromCluster;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also list the flows that are allowed.")
  boolean verbose;

  @Mixin QueryOptions query;

  public PolicyCheckCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    if (fromCluster == !files.isEmpty()) {
      throw CliException.usage("give either -f/--filename or --from-cluster");
    }
    MapQuery q = query.toQuery();
    List<NetworkPolicy> policies;
    Function<String, Map<String, String>> namespaceLabels = FlowCheck::automaticLabels;
    if (fromCluster) {
      ClusterPolicies.Snapshot snapshot = ClusterPolicies.read(root.connectionSettings());
      policies = snapshot.policies();
      namespaceLabels =
          ns -> snapshot.namespaceLabels().getOrDefault(ns, FlowCheck.automaticLabels(ns));
    } else {
      policies = PolicyFiles.read(files);
    }
    List<Flow> flows = root.withMapper(client -> client.fetchPolicyFlows(q));
    List<FlowCheck.FlowVerdict> verdicts =
        new FlowCheck(new PolicyEvaluator(policies), namespaceLabels).check(flows);
    PrintWriter out = root.cliContext().out();
    int allowed = 0;
    int blocked = 0;
    int unchecked = 0;
    for (FlowCheck.FlowVerdict v : verdicts) {
      String ports = v.flow().ports().isEmpty() ? "" : " " + portList(v);
      if (!v.evaluated()) {
        unchecked++;
        out.println("NOT CHECKED  " + v.flow().describe() + ports + " (no address or port known)");
      } else if (v.allowed()) {
        allowed++;
        if (verbose) {
          out.println("ALLOWED      " + v.flow().describe() + ports);
        }
      } else {
        blocked++;
        out.println("BLOCKED      " + v.flow().describe() + ports);
        v.blocked().forEach(b -> out.println("               " + b));
      }
    }
    out.println(
        verdicts.size()
            + " observed flows, "
            + policies.size()
            + " policies: "
            + allowed
            + " allowed, "
            + blocked
            + " blocked"
            + (unchecked > 0 ? ", " + unchecked + " not checked" : ""));
    out.flush();
    return blocked > 0 ? CliException.ERROR : 0;
  }

  private static String portList(FlowCheck.FlowVerdict v) {
    List<String> ports = new ArrayList<>();
    v.flow().ports().forEach(p -> ports.add(String.valueOf(p)));
    return "port " + String.join(",", ports);
  }
}
