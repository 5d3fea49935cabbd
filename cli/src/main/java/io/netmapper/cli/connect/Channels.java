package io.netmapper.cli.connect;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/**
 * Plaintext gRPC channels (the mapper serves h2c on its one port; the port-forward is plain TCP).
 */
final class Channels {
  private Channels() {}

  static ManagedChannel plaintext(String host, int port) {
    return Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create())
        .maxInboundMessageSize(256 * 1024 * 1024)
        .build();
  }
}
