package io.netmapper.cli.connect;

import java.util.List;

/** Opens a {@link MapperSession}: directly ({@code --mapper-url}) or through Kubernetes. */
public final class MapperConnector {
  private MapperConnector() {}

  public static MapperSession open(ConnectionSettings settings) {
    if (settings.mapperUrl() != null && GraphQlMapper.isUrl(settings.mapperUrl())) {
      java.net.URI uri = GraphQlMapper.queryUri(settings.mapperUrl());
      return new MapperSession(uri, "the GraphQL API at " + uri, List::of, null);
    }
    if (settings.mapperUrl() != null && !settings.mapperUrl().isBlank()) {
      HostPort target = HostPort.parse(settings.mapperUrl());
      return new MapperSession(
          Channels.plaintext(target.host(), target.port()),
          "the mapper at " + target,
          List::of,
          null);
    }
    return new KubernetesConnector(settings).open();
  }
}
