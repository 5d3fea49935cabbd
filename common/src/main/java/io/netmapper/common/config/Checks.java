package io.netmapper.common.config;

import java.time.Duration;

/** The value checks every component's config makes, with the same messages everywhere. */
public final class Checks {
  private Checks() {}

  /**
   * @throws IllegalArgumentException naming the flag when {@code d} is zero or negative
   */
  public static void positive(String flag, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(flag + " must be positive");
    }
  }

  /**
   * @throws IllegalArgumentException naming the flag when {@code port} is not 0..65535
   */
  public static void port(String flag, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(flag + " " + port + " is not a port");
    }
  }
}
