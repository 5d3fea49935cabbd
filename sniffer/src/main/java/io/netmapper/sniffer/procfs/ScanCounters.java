package io.netmapper.sniffer.procfs;

/** What the socket scan counts. Implemented by the sniffer's metrics. */
public interface ScanCounters {
  ScanCounters NONE = new ScanCounters() {};

  /** A /proc entry skipped (reason: process_vanished, permission_denied, unreadable, bad_line). */
  default void entrySkipped(String reason) {}

  default void scanned(ScanResult result) {}
}
