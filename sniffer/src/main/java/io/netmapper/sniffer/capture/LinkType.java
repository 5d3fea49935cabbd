package io.netmapper.sniffer.capture;

/** Link-layer header types (pcap DLT values) the decoder understands. */
enum LinkType {
  NULL(0),
  ETHERNET(1),
  RAW(12),
  RAW_101(101),
  LINUX_SLL(113),
  LINUX_SLL2(276),
  UNSUPPORTED(-1);

  final int dlt;

  LinkType(int dlt) {
    this.dlt = dlt;
  }

  static LinkType of(int dlt) {
    for (LinkType t : values()) {
      if (t.dlt == dlt) {
        return t;
      }
    }
    return UNSUPPORTED;
  }
}
