package io.netmapper.cli.map;

import io.netmapper.cli.CliException;
import java.util.List;
import java.util.Set;

/**
 * What to ask the mapper for. {@code namespaces}: client namespaces; {@code servers}:
 * "name.namespace" of servers whose clients to keep; {@code excludeLabels}: "key" or "key=value"
 * (mapper side); {@code excludeServices}: workload names or name.namespace dropped here, after the
 * answer.
 */
public record MapQuery(
    List<String> namespaces,
    List<String> servers,
    List<String> excludeLabels,
    Set<String> excludeServices) {

  public MapQuery {
    namespaces = clean(namespaces);
    servers = clean(servers);
    excludeLabels = clean(excludeLabels);
    excludeServices = Set.copyOf(clean(List.copyOf(excludeServices)));
    for (String s : servers) {
      int dot = s.lastIndexOf('.'); // namespaces have no dots; workload names may
      if (dot <= 0 || dot == s.length() - 1) {
        throw CliException.usage(
            "invalid --server '" + s + "': expected <server-name>.<namespace>, e.g. orders.shop");
      }
    }
    for (String l : excludeLabels) {
      if (l.startsWith("=")) {
        throw CliException.usage("invalid --exclude-labels '" + l + "': expected key or key=value");
      }
    }
  }

  public static MapQuery all() {
    return new MapQuery(List.of(), List.of(), List.of(), Set.of());
  }

  private static List<String> clean(List<String> in) {
    return in == null
        ? List.of()
        : in.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }
}
