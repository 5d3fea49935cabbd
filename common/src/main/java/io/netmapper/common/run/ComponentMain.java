package io.netmapper.common.run;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * What every component's {@code main} does the same way: parse flags (help and version answered,
 * usage errors exit 2 with one line), then run until SIGTERM and close its parts in order.
 */
public final class ComponentMain {
  private ComponentMain() {}

  /**
   * Parses {@code args} with {@code cmd} for help/version, then builds the config.
   *
   * @return the config, or empty when help or the version was printed (the caller returns)
   */
  public static <C> Optional<C> parseOrExit(
      String component, CommandLine cmd, String[] args, Supplier<C> config) {
    try {
      cmd.parseArgs(args);
      if (cmd.isUsageHelpRequested()) {
        cmd.usage(System.out);
        return Optional.empty();
      }
      if (cmd.isVersionHelpRequested()) {
        System.out.println(
            component + " " + ComponentMain.class.getPackage().getImplementationVersion());
        return Optional.empty();
      }
      return Optional.of(config.get());
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      System.err.println(component + ": " + e.getMessage());
      System.exit(2);
      return Optional.empty();
    }
  }

  /** Blocks until the JVM is asked to stop, then closes {@code parts} in the order given. */
  public static void runUntilStopped(String component, AutoCloseable... parts)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  closeAll(parts);
                  stopped.countDown();
                },
                component + "-shutdown"));
    stopped.await();
  }

  /** Closes every non-null part, in order, even when one fails. */
  public static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("closing " + part.getClass().getSimpleName() + " failed: " + e);
      }
    }
  }
}
