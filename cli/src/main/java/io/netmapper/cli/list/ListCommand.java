package io.netmapper.cli.list;

import io.netmapper.cli.CliException;
import io.netmapper.cli.NetmapperCommand;
import io.netmapper.cli.QueryOptions;
import io.netmapper.cli.connect.LabelGrouping;
import io.netmapper.cli.map.MapQuery;
import io.netmapper.cli.map.MapViews;
import io.netmapper.cli.map.ServiceMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netmapper list}: who calls whom, as text. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "List the intents (client -> server) the mapper has seen, with ports, HTTP paths,"
            + " Kafka topics, Internet and AWS targets.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  netmapper list",
      "  netmapper list -n shop,payments",
      "  netmapper list --server orders.shop --exclude-services loadgen",
      "  netmapper list --exclude-labels app.kubernetes.io/part-of=monitoring",
      "  netmapper list --distinct-by-label app",
      "  netmapper list --format otterize --as-kubernetes-service",
      "  netmapper list --mapper-url 127.0.0.1:9090"
    })
public final class ListCommand implements Callable<Integer> {
  private final NetmapperCommand root;

  @Mixin QueryOptions query;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default: every detail netmapper has) or otterize (the lines 'otterize"
              + " network-mapper list' prints).")
  String format;

  @Option(
      names = "--as-kubernetes-service",
      description = "Name a server by the Kubernetes Service the client called, when seen.")
  boolean asKubernetesService;

  @Option(
      names = "--distinct-by-label",
      paramLabel = "LABEL",
      description =
          "Group clients of one namespace that share this label's value (e.g. app) into one.")
  String distinctByLabel;

  public ListCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    MapQuery q = query.toQuery();
    String f = format == null ? "text" : format.trim().toLowerCase(java.util.Locale.ROOT);
    if (!f.equals("text") && !f.equals("otterize")) {
      throw CliException.usage(
          "--format '" + format + "' is not accepted; accepted values: text, otterize");
    }
    if (distinctByLabel != null && distinctByLabel.isBlank()) {
      throw CliException.usage("--distinct-by-label needs a label key, e.g. app");
    }
    ServiceMap map =
        distinctByLabel == null
            ? root.fetchMap(q)
            : root.withMapper(client -> LabelGrouping.fetch(client, q, distinctByLabel.trim()));
    if (asKubernetesService) {
      map = MapViews.asKubernetesServices(map);
    }
    if (map.isEmpty()) {
      root.info()
          .println(
              "No connections found. The mapper has seen no traffic matching the"
                  + " filters yet; generate some traffic and try again.");
      root.info().flush();
      return 0;
    }
    root.cliContext()
        .out()
        .print(f.equals("otterize") ? OtterizeListFormat.format(map) : ListFormatter.format(map));
    root.cliContext().out().flush();
    return 0;
  }
}
