package io.netmapper.cli.connect;

import io.netmapper.cli.CliException;

/**
 * A {@code --mapper-url} value: {@code host:port}, {@code [v6]:port}, optionally with an http://
 * prefix.
 */
public record HostPort(String host, int port) {
  public static final int DEFAULT_PORT = 9090;

  public HostPort {
    if (host == null || host.isBlank()) {
      throw CliException.usage("--mapper-url needs a host, e.g. 127.0.0.1:9090");
    }
    if (port < 1 || port > 65535) {
      throw CliException.usage("--mapper-url port must be 1-65535, got " + port);
    }
  }

  /** Parses {@code value}; a missing port means 9090. Malformed input is a usage error. */
  public static HostPort parse(String value) {
    String v = value.trim();
    v = v.replaceFirst("^(?i)(http|grpc)://", "");
    if (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    if (v.isEmpty() || v.contains("/")) {
      throw malformed(value);
    }
    String host;
    String portText = null;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close < 0) {
        throw malformed(value);
      }
      host = v.substring(1, close);
      String rest = v.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw malformed(value);
        }
        portText = rest.substring(1);
      }
    } else {
      int colon = v.lastIndexOf(':');
      if (colon >= 0 && v.indexOf(':') != colon) {
        throw malformed(value); // bare IPv6 needs brackets
      }
      host = colon < 0 ? v : v.substring(0, colon);
      portText = colon < 0 ? null : v.substring(colon + 1);
    }
    int port = DEFAULT_PORT;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw malformed(value);
      }
    }
    return new HostPort(host, port);
  }

  private static CliException malformed(String value) {
    return CliException.usage(
        "invalid --mapper-url '"
            + value
            + "': expected host:port, e.g. 127.0.0.1:9090 or [::1]:9090");
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
