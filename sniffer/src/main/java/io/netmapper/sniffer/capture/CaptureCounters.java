package io.netmapper.sniffer.capture;

/** What capture counts; every skip has a reason. Implemented by the sniffer's metrics. */
public interface CaptureCounters {
  CaptureCounters NONE = new CaptureCounters() {};

  default void packet() {}

  /** A packet that could not be decoded (reason: truncated, bad_ip_header, dns_malformed...). */
  default void malformed(String reason) {}

  /** A well-formed packet that was not used (reason: fragment, unsupported_link_type...). */
  default void skipped(String reason) {}

  default void dnsAnswer() {}

  /**
   * A well-formed DNS response without usable answer (reason: nxdomain, empty, not_response...).
   */
  default void dnsIgnored(String reason) {}

  default void syn() {}

  /** Packets the kernel dropped before capture could read them (libpcap statistics). */
  default void kernelDropped(long packets) {}
}
