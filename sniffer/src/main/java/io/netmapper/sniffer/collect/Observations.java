package io.netmapper.sniffer.collect;

/**
 * Where capture and scan put what they saw. Implementations are thread-safe and never block long.
 */
public interface Observations {
  void dnsAnswer(DnsAnswer answer);

  void connection(ConnectionSeen connection);

  void listener(ListenerSeen listener);
}
