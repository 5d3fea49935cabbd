package io.netmapper.cli.export;

import io.netmapper.cli.CliException;
import io.netmapper.cli.NetmapperCommand;
import io.netmapper.cli.OutputPaths;
import io.netmapper.cli.QueryOptions;
import io.netmapper.cli.map.MapQuery;
import io.netmapper.cli.map.ServiceMap;
import io.netmapper.cli.policy.NetworkPolicyGenerator;
import io.netmapper.cli.policy.PolicyExport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netmapper export}: the map as ClientIntents YAML or JSON. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Export the map as ClientIntents (k8s.otterize.com v2beta1 by default, v1alpha3 with"
            + " --output-version v1), one object per client workload.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  netmapper export                                  # YAML to stdout",
      "  netmapper export -o intents.yaml                  # one file, documents separated by ---",
      "  netmapper export -o intents/ --output-type dir    # one <workload>.<namespace>.yaml per client",
      "  netmapper export --format json -n shop            # a JSON array",
      "  netmapper export --output-version v1 --as-kubernetes-service",
      "  netmapper export --format networkpolicy -o policies/ --output-type dir --default-deny",
      "",
      "Internet ingress edges (outside -> pod) are not exported: ClientIntents have no client for them."
    })
public final class ExportCommand implements Callable<Integer> {
  /** --output-type values. */
  public enum OutputType {
    SINGLE_FILE,
    DIR;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final NetmapperCommand root;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description = "Write to this file (or directory with --output-type dir) instead of stdout.")
  Path output;

  @Option(
      names = "--output-type",
      paramLabel = "TYPE",
      description =
          "With -o: single-file (default) or dir (one file per client). Accepted: ${COMPLETION-CANDIDATES}.")
  OutputType outputType;

  @Option(
      names = "--format",
      defaultValue = "yaml",
      paramLabel = "FORMAT",
      description =
          "yaml (default) or json ClientIntents, or networkpolicy (networking.k8s.io/v1"
              + " NetworkPolicies, YAML; with --output-type dir one file per namespace)."
              + " Accepted: ${COMPLETION-CANDIDATES}.")
  ExportFormat format;

  @Option(
      names = "--egress",
      defaultValue = "true",
      fallbackValue = "true",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "networkpolicy: also generate egress policies (default: true).")
  boolean egress;

  @Option(
      names = "--default-deny",
      description = "networkpolicy: add one deny-all policy per namespace covered.")
  boolean defaultDeny;

  @Option(
      names = "--output-version",
      defaultValue = "v2",
      paramLabel = "VERSION",
      description =
          "v2 = k8s.otterize.com/v2beta1 (default), v1 = k8s.otterize.com/v1alpha3."
              + " Accepted: ${COMPLETION-CANDIDATES}.")
  OutputVersion outputVersion;

  @Option(
      names = "--as-kubernetes-service",
      description =
          "Name the Kubernetes Service a client called (service target) instead of the workload"
              + " behind it, when the mapper saw one.")
  boolean asKubernetesService;

  @Mixin QueryOptions query;

  public ExportCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    MapQuery q = query.toQuery();
    OutputType type = outputType;
    if (type != null && output == null) {
      throw CliException.usage("--output-type needs -o/--output to say where to write");
    }
    if (output != null) {
      type = type == null ? OutputType.SINGLE_FILE : type;
      if (type == OutputType.DIR) {
        OutputPaths.checkWritableDir(output);
      } else {
        OutputPaths.checkWritableFile(output);
      }
    }
    if (format == ExportFormat.NETWORKPOLICY) {
      NetworkPolicyGenerator.Options defaults = NetworkPolicyGenerator.Options.defaults();
      NetworkPolicyGenerator.Result generated =
          new NetworkPolicyGenerator(
                  new NetworkPolicyGenerator.Options(
                      egress, defaultDeny, defaults.dnsNamespace(), defaults.dnsLabels()))
              .generate(root.withMapper(client -> client.fetchPolicyFlows(q)));
      PolicyExport.write(
          generated,
          output,
          type == OutputType.DIR,
          root.cliContext().out(),
          root.cliContext().err());
      return 0;
    }
    ServiceMap map = root.fetchMap(q);
    ExportResult result = new ClientIntentsBuilder(outputVersion, asKubernetesService).build(map);
    PrintWriter err = root.cliContext().err();
    result.warnings().forEach(w -> err.println("warning: " + w));
    if (result.documents().isEmpty()) {
      err.println("No connections found to export.");
    }
    if (output == null) {
      root.cliContext().out().print(IntentsWriter.write(result.documents(), format));
      root.cliContext().out().flush();
    } else if (type == OutputType.DIR) {
      OutputPaths.createDirectories(output);
      for (IntentsDocument doc : result.documents()) {
        Path file =
            output.resolve(
                doc.metadata().name()
                    + "."
                    + doc.metadata().namespace()
                    + "."
                    + format.extension());
        OutputPaths.write(
            file, IntentsWriter.writeOne(doc, format).getBytes(StandardCharsets.UTF_8));
      }
      err.println("Wrote " + result.documents().size() + " ClientIntents file(s) into " + output);
    } else {
      OutputPaths.write(
          output, IntentsWriter.write(result.documents(), format).getBytes(StandardCharsets.UTF_8));
      err.println("Wrote " + result.documents().size() + " ClientIntents to " + output);
    }
    err.flush();
    return 0;
  }
}
