package io.netmapper.testbed.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small "node": a node network namespace with a bridge, pod namespaces attached by veth pairs,
 * processes started in them and cgroups named like kubelet's. Names are unique per run; everything
 * is removed by {@link #close()}, and by a JVM shutdown hook if the test JVM dies first.
 */
public final class TestBed implements AutoCloseable {
  private static final Set<TestBed> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> OPEN.forEach(TestBed::close), "testbed-cleanup"));
  }

  /** A pod: its namespace and addresses. */
  public record Pod(Netns netns, String ipv4, String ipv6) {}

  private final String id =
      "nm"
          + Long.toHexString(ProcessHandle.current().pid() % 0xfff)
          + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
  private final Deque<Runnable> cleanups = new ArrayDeque<>();
  private final List<NetnsProcess> processes = new ArrayList<>();
  private int counter;
  private Netns node;

  public TestBed() {
    Prerequisites.check();
    OPEN.add(this);
  }

  public String id() {
    return id;
  }

  /** Where cgroup v2 is mounted (see {@link Cgroups#root()}). */
  public static Path cgroupRoot() {
    return Cgroups.root();
  }

  public synchronized Netns netns(String role) {
    Netns ns = new Netns(id + role);
    Sh.run("ip", "netns", "add", ns.name());
    cleanups.push(() -> Sh.quietly("ip", "netns", "del", ns.name()));
    ns.ip("link", "set", "lo", "up");
    return ns;
  }

  /** The node namespace with bridge {@code br0} at 192.0.2.1/24 and 2001:db8::1/64. */
  public synchronized Netns node() {
    if (node == null) {
      node = netns("n");
      node.ip("link", "add", "br0", "type", "bridge", "forward_delay", "0");
      node.ip("addr", "add", "192.0.2.1/24", "dev", "br0");
      node.ip("-6", "addr", "add", "2001:db8::1/64", "dev", "br0", "nodad");
      node.ip("link", "set", "br0", "up");
    }
    return node;
  }

  /**
   * A pod namespace with a veth to the node's bridge; host octet {@code n} gives 192.0.2.n and
   * 2001:db8::n.
   */
  public synchronized Pod pod(int n) {
    Netns nodeNs = node();
    Netns ns = netns("p" + (++counter));
    String host = id + "h" + counter;
    String peer = id + "c" + counter;
    nodeNs.ip("link", "add", host, "type", "veth", "peer", "name", peer);
    nodeNs.ip("link", "set", peer, "netns", ns.name());
    nodeNs.ip("link", "set", host, "master", "br0");
    nodeNs.ip("link", "set", host, "up");
    String v4 = "192.0.2." + n;
    String v6 = "2001:db8::" + Integer.toHexString(n);
    ns.ip("link", "set", peer, "name", "eth0");
    ns.ip("addr", "add", v4 + "/24", "dev", "eth0");
    ns.ip("-6", "addr", "add", v6 + "/64", "dev", "eth0", "nodad");
    ns.ip("link", "set", "eth0", "up");
    ns.ip("route", "add", "default", "via", "192.0.2.1");
    return new Pod(ns, v4, v6);
  }

  /** Starts {@link NetnsAgent} with {@code args} inside {@code ns} and waits for it to be ready. */
  public NetnsProcess start(Netns ns, String... args) {
    NetnsProcess p = NetnsProcess.start(ns, List.of(args));
    synchronized (this) {
      processes.add(p);
      cleanups.push(p::close);
    }
    return p;
  }

  /**
   * Creates a cgroup named like kubelet's systemd driver does for a burstable pod's container and
   * returns its path; {@code podUid} has dashes.
   */
  public synchronized Path kubeletCgroup(String podUid, String containerId) {
    Path root = cgroupRoot();
    Path top = root.resolve("kubepods.slice-" + id);
    Path burstable = top.resolve("kubepods-burstable.slice");
    Path pod = burstable.resolve("kubepods-burstable-pod" + podUid.replace('-', '_') + ".slice");
    Path container = pod.resolve("cri-containerd-" + containerId + ".scope");
    try {
      for (Path p : List.of(top, burstable, pod, container)) {
        if (!Files.isDirectory(p)) {
          Files.createDirectory(p);
          cleanups.push(() -> removeCgroup(root, p));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create cgroup " + container + ": " + e.getMessage(), e);
    }
    return container;
  }

  /**
   * Creates a cgroup that is not a pod's, like a node's system services have ({@code
   * system.slice-<run>/<name>.service}), and returns its path.
   */
  public synchronized Path systemCgroup(String name) {
    Path root = cgroupRoot();
    Path top = root.resolve("system.slice-" + id);
    Path service = top.resolve(name + ".service");
    try {
      for (Path p : List.of(top, service)) {
        if (!Files.isDirectory(p)) {
          Files.createDirectory(p);
          cleanups.push(() -> removeCgroup(root, p));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create cgroup " + service + ": " + e.getMessage(), e);
    }
    return service;
  }

  /** Moves a process into a cgroup. */
  public static void moveTo(Path cgroup, long pid) {
    try {
      Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(pid));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot move pid " + pid + " into " + cgroup + ": " + e.getMessage(), e);
    }
  }

  private static void removeCgroup(Path root, Path cgroup) {
    try {
      if (!Files.isDirectory(cgroup)) {
        return;
      }
      for (String pid : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
        if (!pid.isBlank()) {
          try {
            Files.writeString(root.resolve("cgroup.procs"), pid.trim());
          } catch (IOException e) {
            // the process exited meanwhile
          }
        }
      }
      Files.delete(cgroup);
    } catch (IOException e) {
      System.err.println("cleanup: cannot remove cgroup " + cgroup + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    Deque<Runnable> todo;
    synchronized (this) {
      todo = new ArrayDeque<>(cleanups);
      cleanups.clear();
    }
    for (Runnable r : todo) {
      try {
        r.run();
      } catch (RuntimeException e) {
        System.err.println("cleanup: " + e.getMessage());
      }
    }
    OPEN.remove(this);
  }
}
