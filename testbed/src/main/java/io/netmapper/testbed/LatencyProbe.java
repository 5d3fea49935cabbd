package io.netmapper.testbed;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.netmapper.api.v1.Intent;
import io.netmapper.api.v1.ListIntentsRequest;
import io.netmapper.api.v1.MapperServiceGrpc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a connection takes to show in the map: polls ListIntents every 20 ms and notes
 * when each server port first appears; a connection's latency is that moment minus the moment the
 * pod's connect() returned. Meant for scenarios whose connections use distinct ports.
 */
final class LatencyProbe implements AutoCloseable {
  private final ManagedChannel channel;
  private final Map<Integer, Long> firstSeenByPort = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  LatencyProbe(String mapperTarget) {
    channel = ManagedChannelBuilder.forTarget(mapperTarget).usePlaintext().build();
    MapperServiceGrpc.MapperServiceBlockingStub stub = MapperServiceGrpc.newBlockingStub(channel);
    poller =
        new Thread(
            () -> {
              while (running) {
                try {
                  long now = System.currentTimeMillis();
                  for (Intent i :
                      stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                          .listIntents(ListIntentsRequest.getDefaultInstance())
                          .getIntentsList()) {
                    for (int port : i.getPortsList()) {
                      firstSeenByPort.putIfAbsent(port, now);
                    }
                  }
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the mapper is busy or stopping; poll again
                }
              }
            },
            "latency-probe");
    poller.setDaemon(true);
    poller.start();
  }

  /** p50, p99 and max in ms over the connections whose port showed up; and how many did not. */
  String report(List<long[]> connects) {
    List<Long> latencies = new ArrayList<>();
    int missing = 0;
    for (long[] c : connects) {
      Long seen = firstSeenByPort.get((int) c[1]);
      if (seen == null) {
        missing++;
      } else {
        latencies.add(Math.max(0, seen - c[0]));
      }
    }
    if (latencies.isEmpty()) {
      return "latency: no connection showed up (" + missing + " missing)";
    }
    Collections.sort(latencies);
    return String.format(
        "latency from connect() to edge in the map over %d connections: p50 %d ms, p99 %d ms, max %d ms"
            + " (%d not seen)",
        latencies.size(),
        pct(latencies, 50),
        pct(latencies, 99),
        latencies.get(latencies.size() - 1),
        missing);
  }

  private static long pct(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    channel.shutdownNow();
  }
}
