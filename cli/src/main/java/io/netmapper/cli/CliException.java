package io.netmapper.cli;

/**
 * An expected failure with a message that tells the user what to do. {@link #USAGE} (2) for bad
 * input, {@link #ERROR} (1) for everything else. Printed without a stack trace unless {@code
 * --debug}.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public static final int ERROR = 1;
  public static final int USAGE = 2;

  private final int exitCode;

  private CliException(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static CliException error(String message) {
    return new CliException(message, null, ERROR);
  }

  public static CliException error(String message, Throwable cause) {
    return new CliException(message, cause, ERROR);
  }

  public static CliException usage(String message) {
    return new CliException(message, null, USAGE);
  }

  public int exitCode() {
    return exitCode;
  }
}
