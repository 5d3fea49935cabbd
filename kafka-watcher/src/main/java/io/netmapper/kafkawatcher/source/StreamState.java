package io.netmapper.kafkawatcher.source;

/** Where the log stream of one broker stands. */
public enum StreamState {
  /** Not started yet. */
  STARTING,
  /** Reading lines. */
  STREAMING,
  /** The broker pod does not exist or is not running (or the file is missing): waiting for it. */
  WAITING,
  /** The stream ended or failed: reconnecting with backoff. */
  RECONNECTING,
  /** Stopped with the watcher. */
  STOPPED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
