package io.netmapper.common.run;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * What every component's {@code main} does the same way: parse flags (help and version answered,
 * usage errors exit 2 with one line), then run until SIGTERM and close its parts in order.
 */
public final class ComponentMain {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentMain.class);

  private ComponentMain() {}

  /**
   * The outcome of parsing: a config to run with, or the exit code to return (0 after help or the
   * version was printed, 2 after a usage error).
   */
  public record Parsed<C>(C config, int exitCode) {
    /** True when the component should start with {@link #config()}. */
    public boolean run() {
      return config != null;
    }
  }

  /**
   * Parses {@code args} with {@code cmd} for help/version, then builds the config. Nothing is
   * started and nothing exits: the caller returns {@link Parsed#exitCode()} unless {@link
   * Parsed#run()}.
   */
  public static <C> Parsed<C> parse(
      String component,
      CommandLine cmd,
      String[] args,
      Supplier<C> config,
      PrintStream out,
      PrintStream err) {
    try {
      cmd.parseArgs(args);
      if (cmd.isUsageHelpRequested()) {
        cmd.usage(out);
        return new Parsed<>(null, 0);
      }
      if (cmd.isVersionHelpRequested()) {
        out.println(component + " " + version(cmd));
        return new Parsed<>(null, 0);
      }
      return new Parsed<>(config.get(), 0);
    } catch (CommandLine.ParameterException e) {
      err.println(component + ": " + e.getMessage());
      err.println("Try '" + component + " --help'.");
      return new Parsed<>(null, 2);
    } catch (IllegalArgumentException e) {
      err.println(component + ": " + e.getMessage());
      return new Parsed<>(null, 2);
    }
  }

  /**
   * {@link #parse} for a {@code main}: prints to the console and exits 2 on a usage error.
   *
   * @return the config, or empty when help or the version was printed (the caller returns)
   */
  public static <C> Optional<C> parseOrExit(
      String component, CommandLine cmd, String[] args, Supplier<C> config) {
    Parsed<C> parsed = parse(component, cmd, args, config, System.out, System.err);
    if (parsed.exitCode() != 0) {
      System.exit(parsed.exitCode());
    }
    return Optional.ofNullable(parsed.config());
  }

  /** The jar's Implementation-Version, or {@code dev} when run from classes. */
  static String version(CommandLine cmd) {
    Object flags = cmd.getCommandSpec().userObject();
    Package p = flags == null ? null : flags.getClass().getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Starts a component's main part (binds its ports, connects its sources). */
  @FunctionalInterface
  public interface Start {
    void start() throws Exception;
  }

  /**
   * The rest of every reporter's {@code main}: starts {@code start}; when that fails, logs one line
   * naming the cause, closes {@code parts} and exits 1; otherwise runs until SIGTERM and then
   * closes {@code parts} in the order given (the component first, then what it used).
   */
  public static void run(String component, Start start, AutoCloseable... parts)
      throws InterruptedException {
    try {
      start.start();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.error("{} cannot start: {}", component, e.getMessage());
      closeAll(parts);
      System.exit(1);
      return;
    }
    runUntilStopped(component, parts);
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
