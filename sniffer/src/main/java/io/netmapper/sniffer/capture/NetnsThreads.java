package io.netmapper.sniffer.capture;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

/**
 * Threads that enter a network namespace (setns(2) through JNA) before running their task, so a
 * sniffer can capture in a namespace other than its own (a test or demo node) while it talks to the
 * mapper from its own. Needs CAP_SYS_ADMIN; not used in the chart (hostNetwork).
 */
public final class NetnsThreads {
  private static final int O_RDONLY = 0;
  private static final int CLONE_NEWNET = 0x40000000;

  interface LibC extends Library {
    int open(String path, int flags);

    int close(int fd);

    int setns(int fd, int nstype);
  }

  private NetnsThreads() {}

  /** Moves the calling thread into the network namespace at {@code nsPath}. */
  public static void enter(Path nsPath) {
    LibC libc = Native.load("c", LibC.class);
    int fd = libc.open(nsPath.toString(), O_RDONLY);
    if (fd < 0) {
      throw new IllegalStateException(
          "cannot open network namespace " + nsPath + ": errno " + Native.getLastError());
    }
    try {
      if (libc.setns(fd, CLONE_NEWNET) != 0) {
        throw new IllegalStateException(
            "cannot enter network namespace " + nsPath + ": errno " + Native.getLastError());
      }
    } finally {
      libc.close(fd);
    }
  }

  /**
   * A factory of daemon threads that run in {@code nsPath}. A thread that cannot enter it fails
   * with the reason instead of running its task in the wrong namespace.
   */
  public static ThreadFactory in(Path nsPath, String name) {
    return task -> {
      Thread t =
          new Thread(
              () -> {
                enter(nsPath);
                task.run();
              },
              name);
      t.setDaemon(true);
      return t;
    };
  }
}
