package io.netmapper.cli.connect;

/** The ready pod picked behind the mapper Service and the container port to forward to. */
record MapperPod(String namespace, String name, int port) {
  @Override
  public String toString() {
    return namespace + "/" + name + ":" + port;
  }
}
