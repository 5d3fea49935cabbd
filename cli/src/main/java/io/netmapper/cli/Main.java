package io.netmapper.cli;

import java.util.Arrays;

/** {@code netmapper}: the command line entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--debug")) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    System.exit(Cli.run(CliContext.system(), args));
  }
}
