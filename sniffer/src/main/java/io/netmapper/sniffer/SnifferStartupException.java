package io.netmapper.sniffer;

/** The sniffer cannot start; the message says what to fix. */
public final class SnifferStartupException extends Exception {
  public SnifferStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
