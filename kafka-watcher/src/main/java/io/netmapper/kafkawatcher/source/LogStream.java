package io.netmapper.kafkawatcher.source;

import io.netmapper.kafkawatcher.collect.BrokerPod;

/** The log of one broker, read on its own thread until {@link #stop()}. */
public interface LogStream extends Runnable {
  BrokerPod broker();

  StreamState state();

  /** Asks the stream to end; {@link #run()} returns soon after. */
  void stop();
}
