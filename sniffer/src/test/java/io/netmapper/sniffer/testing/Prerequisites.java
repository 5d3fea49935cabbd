package io.netmapper.sniffer.testing;

import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what real-parts tests need and fails (never skips) with what to install or change.
 */
public final class Prerequisites {
  private Prerequisites() { }

  public static void check() {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("run as root (network namespaces, packet capture, cgroups)");
    }
    try {
      Sh.run("ip", "-V");
    } catch (RuntimeException e) {
      missing.add("the 'ip' command: apt-get install -y iproute2");
    }
    try {
      NativeLibrary.getInstance("pcap");
    } catch (UnsatisfiedLinkError e) {
      missing.add("libpcap: apt-get install -y libpcap0.8");
    }
    if (!Files.isRegularFile(TestBed.cgroupRoot().resolve("cgroup.procs"))) {
      missing.add("a writable cgroup v2 hierarchy at " + TestBed.cgroupRoot()
          + " (set NETMAPPER_TEST_CGROUP_ROOT to where cgroup2 is mounted)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("real-parts tests cannot run: " + String.join("; ", missing));
    }
  }
}
