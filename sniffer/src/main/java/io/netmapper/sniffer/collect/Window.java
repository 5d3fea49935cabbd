package io.netmapper.sniffer.collect;

/** First/last seen (epoch nanos) and count of one aggregated entry. */
public record Window(long firstNanos, long lastNanos, long count) {
  public Window {
    if (count < 1 || lastNanos < firstNanos) {
      throw new IllegalArgumentException(
          "bad window " + firstNanos + ".." + lastNanos + " x" + count);
    }
  }

  Window plus(long timeNanos) {
    return new Window(Math.min(firstNanos, timeNanos), Math.max(lastNanos, timeNanos), count + 1);
  }
}
