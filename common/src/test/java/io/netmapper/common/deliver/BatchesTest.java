package io.netmapper.common.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.api.v1.Connection;
import io.netmapper.api.v1.ConnectionReport;
import io.netmapper.api.v1.Reporter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

  private static List<Connection> connections(int n, int nameBytes) {
    List<Connection> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          Connection.newBuilder()
              .setClientIp("192.0.2." + (i % 250))
              .setClientPort(1024 + i)
              .setServerIp("x".repeat(nameBytes))
              .setServerPort(443)
              .build());
    }
    return out;
  }

  @Test
  void split_keepsEveryBatchBelowTheByteLimit_inOrder() {
    List<Connection> all = connections(10_000, 200);
    int limit = 64 << 10;
    List<List<Connection>> batches = Batches.split(all, 5_000, limit);
    assertThat(batches).hasSizeGreaterThan(30);
    List<Connection> joined = new ArrayList<>();
    for (List<Connection> b : batches) {
      ConnectionReport report =
          ConnectionReport.newBuilder()
              .setHeader(
                  io.netmapper.api.v1.BatchHeader.newBuilder()
                      .setReporter(Reporter.newBuilder().setComponent("sniffer"))
                      .setSequence(1))
              .addAllConnections(b)
              .build();
      // the header is small; the entries alone stay within the limit
      assertThat(report.getSerializedSize() - report.getHeader().getSerializedSize() - 4)
          .isLessThanOrEqualTo(limit);
      joined.addAll(b);
    }
    assertThat(joined).isEqualTo(all);
  }

  @Test
  void split_byEntryCountWhenEntriesAreSmall() {
    List<List<Connection>> batches = Batches.split(connections(25, 1), 10, 1 << 20);
    assertThat(batches).extracting(List::size).containsExactly(10, 10, 5);
  }

  @Test
  void split_anEntryOverTheLimitGetsItsOwnBatch() {
    List<Connection> all = new ArrayList<>(connections(2, 10));
    all.add(1, connections(1, 5_000).get(0));
    List<List<Connection>> batches = Batches.split(all, 100, 1_000);
    assertThat(batches).extracting(List::size).containsExactly(1, 1, 1);
  }

  @Test
  void split_nothingGivesNoBatch() {
    assertThat(Batches.split(List.<Connection>of(), 10, 10)).isEmpty();
  }
}
