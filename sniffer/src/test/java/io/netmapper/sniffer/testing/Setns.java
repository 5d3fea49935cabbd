package io.netmapper.sniffer.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

/** Threads that enter a network namespace (setns(2) through JNA) before running their task. */
public final class Setns {
  private static final int O_RDONLY = 0;
  private static final int CLONE_NEWNET = 0x40000000;

  interface LibC extends Library {
    int open(String path, int flags);

    int close(int fd);

    int setns(int fd, int nstype);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private Setns() { }

  /** Moves the calling thread into the network namespace at {@code nsPath}. */
  public static void enter(Path nsPath) {
    int fd = LIBC.open(nsPath.toString(), O_RDONLY);
    if (fd < 0) {
      throw new IllegalStateException("cannot open " + nsPath + ": errno " + Native.getLastError());
    }
    try {
      if (LIBC.setns(fd, CLONE_NEWNET) != 0) {
        throw new IllegalStateException("setns(" + nsPath + ") failed: errno " + Native.getLastError());
      }
    } finally {
      LIBC.close(fd);
    }
  }

  /** A factory whose threads run in {@code nsPath}; a thread that cannot enter it does not run its task. */
  public static ThreadFactory threadFactory(Path nsPath, String name) {
    return task -> {
      Thread t = new Thread(() -> {
        try {
          enter(nsPath);
        } catch (RuntimeException e) {
          System.err.println("thread " + name + " not started: " + e.getMessage());
          return;
        }
        task.run();
      }, name);
      t.setDaemon(true);
      return t;
    };
  }
}
