package io.netmapper.aws.report;

import io.netmapper.aws.proxy.ProxiedRequestListener;
import io.netmapper.aws.recognize.AwsCall;
import io.netmapper.aws.recognize.AwsRequest;
import io.netmapper.common.collect.IntervalAggregator;
import io.netmapper.common.net.IpAddresses;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What the proxy forwards, named in IAM terms and folded per interval. Runs on the proxy's I/O
 * threads: recognition is a pure function and aggregation a short critical section.
 */
public final class AwsCallCollector implements ProxiedRequestListener {
  /** Counts what recognition found. */
  public interface Counters extends IntervalAggregator.Counters {
    /**
     * @param outcome {@code recognised} or {@code unknown}
     */
    void operation(String service, String outcome);
  }

  private final Function<AwsRequest, AwsCall> recognizer;
  private final IntervalAggregator<AwsCallSeen.Key, AwsCallSeen> aggregator;
  private final Counters counters;

  public AwsCallCollector(
      Function<AwsRequest, AwsCall> recognizer, int maxEntries, Counters counters) {
    this.recognizer = recognizer;
    this.counters = counters;
    this.aggregator = new IntervalAggregator<>(maxEntries, counters, AwsCallSeen::new);
  }

  @Override
  public void onRequest(InetAddress client, AwsRequest request, Instant at) {
    AwsCall call = recognizer.apply(request);
    counters.operation(call.service(), call.recognised() ? "recognised" : "unknown");
    String ip = IpAddresses.format(client.getAddress());
    if (call.paired()) {
      // each action on its own resource only: the wire form applies every action to every ARN
      for (int i = 0; i < call.actions().size(); i++) {
        aggregator.add(
            new AwsCallSeen.Key(
                ip,
                call.service(),
                call.region(),
                List.of(call.actions().get(i)),
                List.of(call.resourceArns().get(i))),
            at.toEpochMilli());
      }
      return;
    }
    aggregator.add(
        new AwsCallSeen.Key(ip, call.service(), call.region(), call.actions(), call.resourceArns()),
        at.toEpochMilli());
  }

  /** Everything collected since the last drain. */
  public List<AwsCallSeen> drain() {
    return aggregator.drain();
  }
}
