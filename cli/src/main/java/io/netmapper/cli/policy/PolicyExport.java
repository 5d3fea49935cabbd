package io.netmapper.cli.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netmapper.cli.OutputPaths;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes generated policies: to stdout, one file, or one {@code <namespace>.yaml} per namespace.
 */
public final class PolicyExport {
  private PolicyExport() {}

  /**
   * @param output null for stdout
   * @param perNamespace with {@code output}: a directory with one file per namespace
   */
  public static void write(
      NetworkPolicyGenerator.Result result,
      Path output,
      boolean perNamespace,
      PrintWriter out,
      PrintWriter err) {
    result.warnings().forEach(w -> err.println("warning: " + w));
    if (result.policies().isEmpty()) {
      err.println("No connections found to export.");
    }
    if (output == null) {
      out.print(PolicyFiles.yaml(result.policies(), result.comments()));
      out.flush();
    } else if (perNamespace) {
      OutputPaths.createDirectories(output);
      TreeMap<String, List<NetworkPolicy>> byNamespace = new TreeMap<>();
      for (NetworkPolicy p : result.policies()) {
        byNamespace.computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>()).add(p);
      }
      for (Map.Entry<String, List<NetworkPolicy>> e : byNamespace.entrySet()) {
        OutputPaths.write(
            output.resolve(e.getKey() + ".yaml"),
            PolicyFiles.yaml(e.getValue(), result.comments()).getBytes(StandardCharsets.UTF_8));
      }
      err.println(
          "Wrote "
              + result.policies().size()
              + " NetworkPolicies into "
              + byNamespace.size()
              + " file(s) in "
              + output);
    } else {
      OutputPaths.write(
          output,
          PolicyFiles.yaml(result.policies(), result.comments()).getBytes(StandardCharsets.UTF_8));
      err.println("Wrote " + result.policies().size() + " NetworkPolicies to " + output);
    }
    err.flush();
  }
}
