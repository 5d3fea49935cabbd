package io.netmapper.mapper.ingest;

import java.util.Objects;

/**
 * One reporter instance's applied batches, as the durable map stores them: every sequence up to
 * {@code watermark} and those in {@code above}.
 */
public record LedgerWindow(String reporter, long watermark, long[] above, long touchedMillis) {
  public LedgerWindow {
    Objects.requireNonNull(reporter, "reporter");
    above = above == null ? new long[0] : above;
  }
}
