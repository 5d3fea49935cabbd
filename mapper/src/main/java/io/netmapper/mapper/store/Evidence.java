package io.netmapper.mapper.store;

/** Which source saw an edge. */
public enum Evidence {
  DNS,
  SYN,
  SOCKET_SCAN,
  KAFKA_LOG,
  ISTIO,
  AWS_PROXY;

  int bit() {
    return 1 << ordinal();
  }
}
