package io.netmapper.cli.list;

import io.netmapper.cli.NetmapperCommand;
import io.netmapper.cli.QueryOptions;
import io.netmapper.cli.map.MapQuery;
import io.netmapper.cli.map.ServiceMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
      "  netmapper list --mapper-url 127.0.0.1:9090"
    })
public final class ListCommand implements Callable<Integer> {
  private final NetmapperCommand root;

  @Mixin QueryOptions query;

  public ListCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    MapQuery q = query.toQuery();
    ServiceMap map = root.fetchMap(q);
    if (map.isEmpty()) {
      root.cliContext()
          .err()
          .println(
              "No connections found. The mapper has seen no traffic matching the"
                  + " filters yet; generate some traffic and try again.");
      return 0;
    }
    root.cliContext().out().print(ListFormatter.format(map));
    root.cliContext().out().flush();
    return 0;
  }
}
