package io.netmapper.testbed.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the testbed and real-parts tests need from the machine; fails (never skips) naming what is
 * missing.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /** Throws IllegalStateException saying what to do when something is missing. */
  public static void check() {
    List<String> problems = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name")) && !isRoot()) {
      problems.add("the testbed creates network namespaces and cgroups: run it as root");
    }
    if (!onPath("ip")) {
      problems.add("'ip' is missing: apt-get install -y iproute2");
    }
    if (!onPath("nft")) {
      problems.add("'nft' is missing: apt-get install -y nftables");
    }
    try {
      com.sun.jna.NativeLibrary.getInstance("pcap");
    } catch (UnsatisfiedLinkError e) {
      problems.add("libpcap is missing: apt-get install -y libpcap0.8");
    }
    if (!Files.isRegularFile(Cgroups.root().resolve("cgroup.procs"))) {
      problems.add(
          "no writable cgroup v2 hierarchy at "
              + Cgroups.root()
              + " (set NETMAPPER_CGROUP_ROOT to where cgroup2 is mounted)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          String.join("; ", problems) + " (./scripts/prerequisites.sh installs the packages)");
    }
  }

  private static boolean isRoot() {
    try {
      return Files.readString(Path.of("/proc/self/status"))
          .lines()
          .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean onPath(String binary) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }
}
