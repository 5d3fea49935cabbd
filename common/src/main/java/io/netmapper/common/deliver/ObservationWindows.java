package io.netmapper.common.deliver;

import com.google.protobuf.Timestamp;
import io.netmapper.api.v1.ObservationWindow;

/** The wire form of an aggregated window (first/last seen in epoch milliseconds and a count). */
public final class ObservationWindows {
  private ObservationWindows() {}

  /** A count above the wire's uint32 is reported as its maximum. */
  public static ObservationWindow of(long firstSeenMillis, long lastSeenMillis, long count) {
    return ObservationWindow.newBuilder()
        .setFirstSeen(timestamp(firstSeenMillis))
        .setLastSeen(timestamp(lastSeenMillis))
        .setCount((int) Math.min(count, Integer.MAX_VALUE))
        .build();
  }

  public static Timestamp timestamp(long epochMillis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochMillis, 1000))
        .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
        .build();
  }
}
