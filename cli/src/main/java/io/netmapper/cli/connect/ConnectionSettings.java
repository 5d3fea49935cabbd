package io.netmapper.cli.connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the mapper, from the global options. Either {@code mapperUrl} (direct) or the
 * kubeconfig/context plus where the mapper Service lives.
 */
public record ConnectionSettings(
    String mapperUrl,
    Path kubeconfig,
    String context,
    String namespace,
    String serviceName,
    int servicePort,
    Duration timeout,
    Map<String, String> env,
    Path home) {

  public ConnectionSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(timeout, "timeout");
    env = Map.copyOf(env);
    Objects.requireNonNull(home, "home");
  }
}
