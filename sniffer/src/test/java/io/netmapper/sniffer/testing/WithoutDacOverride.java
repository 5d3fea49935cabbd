package io.netmapper.sniffer.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a task in a thread that dropped CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its effective
 * capabilities (capabilities are per thread), so file permissions apply to it as to an unprivileged
 * process: how a root test sees "Permission denied" on a directory with mode 000.
 */
public final class WithoutDacOverride {
  interface LibC extends Library {
    int capget(int[] header, int[] data);

    int capset(int[] header, int[] data);
  }

  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
  private static final int CAP_DAC_OVERRIDE = 1;
  private static final int CAP_DAC_READ_SEARCH = 2;

  private WithoutDacOverride() {}

  public static <T> T call(Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                LibC libc = Native.load("c", LibC.class);
                int[] header = {LINUX_CAPABILITY_VERSION_3, 0};
                int[] data = new int[6];
                if (libc.capget(header, data) != 0) {
                  throw new IllegalStateException("capget: errno " + Native.getLastError());
                }
                data[0] &= ~((1 << CAP_DAC_OVERRIDE) | (1 << CAP_DAC_READ_SEARCH));
                if (libc.capset(header, data) != 0) {
                  throw new IllegalStateException("capset: errno " + Native.getLastError());
                }
                result.complete(task.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "without-dac-override");
    t.start();
    t.join();
    return result.get();
  }
}
