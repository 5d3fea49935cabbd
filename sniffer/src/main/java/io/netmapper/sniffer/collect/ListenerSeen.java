package io.netmapper.sniffer.collect;

import java.util.Objects;

/**
 * A listening TCP socket found by the socket scan ({@code ip} is "0.0.0.0" or "::" for wildcards).
 */
public record ListenerSeen(String ip, int port, Attribution process, long timeNanos) {
  public ListenerSeen {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(process, "process");
  }
}
