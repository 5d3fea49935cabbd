package io.netmapper.aws.report;

import java.util.List;
import java.util.Objects;

/**
 * Calls with the same key in one interval: who (client IP) did what (actions) on which resources,
 * first/last time and how often.
 */
public record AwsCallSeen(Key key, long firstSeenMillis, long lastSeenMillis, long count) {

  /** What makes two calls the same report entry. */
  public record Key(
      String clientIp,
      String service,
      String region,
      List<String> actions,
      List<String> resourceArns) {
    public Key {
      Objects.requireNonNull(clientIp, "clientIp");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(region, "region");
      actions = List.copyOf(actions);
      resourceArns = List.copyOf(resourceArns);
    }
  }

  public AwsCallSeen {
    Objects.requireNonNull(key, "key");
    if (count < 1 || firstSeenMillis > lastSeenMillis) {
      throw new IllegalArgumentException(
          "bad window " + firstSeenMillis + ".." + lastSeenMillis + " x" + count);
    }
  }
}
