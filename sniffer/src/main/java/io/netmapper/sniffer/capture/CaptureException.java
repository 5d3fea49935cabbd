package io.netmapper.sniffer.capture;

/** Capture could not start (missing libpcap, no permission, unknown device, bad file). */
public final class CaptureException extends Exception {
  public CaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
