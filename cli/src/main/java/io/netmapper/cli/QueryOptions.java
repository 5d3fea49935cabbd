package io.netmapper.cli;

import io.netmapper.cli.map.MapQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The map filters shared by list, export and visualize (Otterize's flag names). */
public final class QueryOptions {
  @Option(
      names = {"-n", "--namespaces"},
      split = ",",
      paramLabel = "NS",
      description = "Only clients in these namespaces (comma-separated or repeated).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--server",
      paramLabel = "NAME.NS",
      description = "Only clients that call this server, given as <name>.<namespace> (repeatable).")
  List<String> servers = new ArrayList<>();

  @Option(
      names = "--exclude-services",
      split = ",",
      paramLabel = "NAME[.NS]",
      description = "Leave out these workloads, as clients and as servers (comma-separated).")
  List<String> excludeServices = new ArrayList<>();

  @Option(
      names = "--exclude-labels",
      split = ",",
      paramLabel = "KEY[=VALUE]",
      description = "Leave out edges whose client or server pod has this label (comma-separated).")
  List<String> excludeLabels = new ArrayList<>();

  /**
   * Validated query; a malformed --server is a usage error (exit 2) before anything is contacted.
   */
  public MapQuery toQuery() {
    return new MapQuery(namespaces, servers, excludeLabels, new HashSet<>(excludeServices));
  }
}
