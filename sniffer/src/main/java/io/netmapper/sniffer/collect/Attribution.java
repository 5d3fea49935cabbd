package io.netmapper.sniffer.collect;

import java.util.Objects;

/** Which pod (and container, process) owns a socket; {@link #NONE} when unknown. */
public record Attribution(
    String podUid, String containerId, boolean hostNetwork, String processName) {
  public static final Attribution NONE = new Attribution("", "", false, "");

  public Attribution {
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(processName, "processName");
  }

  public boolean isKnown() {
    return !podUid.isEmpty() || hostNetwork || !processName.isEmpty();
  }
}
