package io.netmapper.sniffer.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes a fixture proc tree in the kernel's formats: {@code <pid>/ns/net -> net:[inode]}, {@code
 * <pid>/net/tcp{,6}}, {@code <pid>/fd/N -> socket:[inode]}, {@code cgroup}, {@code comm}.
 */
public final class ProcFixture {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  private final Path root;
  private final Map<Long, List<String>> tcp = new HashMap<>();
  private final Map<Long, List<String>> tcp6 = new HashMap<>();
  private final Map<Long, List<Integer>> pidsByNs = new HashMap<>();
  private final Map<Long, long[]> tcpCounters = new HashMap<>();

  public ProcFixture(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** A process in namespace {@code ns} with a cgroup file and command name. */
  public ProcFixture process(int pid, long ns, String comm, String cgroup) {
    try {
      Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
      Files.createDirectories(dir.resolve("ns"));
      Files.createSymbolicLink(dir.resolve("ns/net"), Path.of("net:[" + ns + "]"));
      Files.createDirectories(dir.resolve("fd"));
      Files.createDirectories(dir.resolve("net"));
      Files.writeString(dir.resolve("comm"), comm + "\n");
      Files.writeString(dir.resolve("cgroup"), cgroup);
      pidsByNs.computeIfAbsent(ns, k -> new ArrayList<>()).add(pid);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A socket in namespace {@code ns}, owned by {@code ownerPid} (or nobody when 0). */
  public ProcFixture socket(
      long ns,
      String local,
      int localPort,
      String remote,
      int remotePort,
      int state,
      long inode,
      int ownerPid) {
    boolean v6 = local.contains(":");
    List<String> table = (v6 ? tcp6 : tcp).computeIfAbsent(ns, k -> new ArrayList<>());
    table.add(
        String.format(
            "  %3d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000     0        0 %d 1 0000000000000000 100 0 0 10 0",
            table.size(), hex(local), localPort, hex(remote), remotePort, state, inode));
    if (ownerPid != 0) {
      try {
        Path fd = root.resolve(ownerPid + "/fd/" + (3 + inode % 100000));
        Files.createSymbolicLink(fd, Path.of("socket:[" + inode + "]"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  /**
   * Sets the namespace's TCP counters (net/snmp ActiveOpens and CurrEstab); unset: no such file.
   */
  public ProcFixture tcpCounters(long ns, long activeOpens, long currEstab) {
    tcpCounters.put(ns, new long[] {activeOpens, currEstab});
    return this;
  }

  /** Writes every namespace's tables into each of its processes' net/ directory. */
  public ProcFixture write() {
    try {
      for (Map.Entry<Long, List<Integer>> e : pidsByNs.entrySet()) {
        String v4 = HEADER + String.join("\n", tcp.getOrDefault(e.getKey(), List.of())) + "\n";
        String v6 = HEADER + String.join("\n", tcp6.getOrDefault(e.getKey(), List.of())) + "\n";
        for (int pid : e.getValue()) {
          Files.writeString(root.resolve(pid + "/net/tcp"), v4);
          Files.writeString(root.resolve(pid + "/net/tcp6"), v6);
          long[] c = tcpCounters.get(e.getKey());
          if (c != null) {
            Files.writeString(
                root.resolve(pid + "/net/snmp"),
                "Ip: Forwarding DefaultTTL\nIp: 1 64\n"
                    + "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs\n"
                    + "Tcp: 1 200 120000 -1 "
                    + c[0]
                    + " 0 0 0 "
                    + c[1]
                    + " 100\nUdp: InDatagrams\nUdp: 0\n");
          }
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kernel's hex form: each 32-bit word of the address in little-endian byte order. */
  static String hex(String ip) {
    try {
      byte[] b = InetAddress.getByName(ip).getAddress();
      if (ip.contains(":") && b.length == 4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        b = mapped;
      }
      byte[] out = new byte[b.length];
      for (int w = 0; w < b.length; w += 4) {
        for (int i = 0; i < 4; i++) {
          out[w + i] = b[w + 3 - i];
        }
      }
      return HexFormat.of().withUpperCase().formatHex(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
