package io.netmapper.sniffer.procfs;

import java.util.Objects;

/** One row of {@code /proc/<pid>/net/tcp} or {@code tcp6}. */
record SocketEntry(
    String localIp, int localPort, String remoteIp, int remotePort, int state, long inode) {
  static final int ESTABLISHED = 0x01;
  static final int LISTEN = 0x0A;

  SocketEntry {
    Objects.requireNonNull(localIp, "localIp");
    Objects.requireNonNull(remoteIp, "remoteIp");
  }
}
