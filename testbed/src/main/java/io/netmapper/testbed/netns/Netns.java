package io.netmapper.testbed.netns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A network namespace created with {@code ip netns add}. */
public record Netns(String name) {

  public Path path() {
    return Path.of("/var/run/netns", name);
  }

  /** Runs a command inside the namespace and returns its output. */
  public String exec(String... argv) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(List.of(argv));
    return Sh.run(cmd);
  }

  /** {@code ip <args>} inside the namespace. */
  public String ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
    cmd.addAll(List.of(args));
    return Sh.run(cmd);
  }
}
