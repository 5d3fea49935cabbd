package io.netmapper.istiowatcher.deliver;

import io.netmapper.api.v1.HttpAccess;
import io.netmapper.api.v1.HttpAccessReport;
import io.netmapper.common.deliver.ObservationWindows;
import io.netmapper.common.deliver.ReportDelivery;
import io.netmapper.istiowatcher.parse.RequestSeries;
import io.netmapper.istiowatcher.track.SeriesTracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds one scrape cycle's deltas into HTTP accesses (the source and destination sidecars count the
 * same request: both are summed into one access per source, destination, Service, method and path)
 * and offers them for delivery in batches.
 */
public final class HttpReports {
  private record Key(
      String sourceWorkload,
      String sourceNamespace,
      String destinationWorkload,
      String destinationNamespace,
      String destinationService,
      String method,
      String path) {}

  private final ReportDelivery<HttpAccessReport> delivery;
  private final int batchMaxEntries;

  public HttpReports(ReportDelivery<HttpAccessReport> delivery, int batchMaxEntries) {
    this.delivery = delivery;
    this.batchMaxEntries = batchMaxEntries;
  }

  /** The accesses of a cycle, one per distinct access. */
  public static List<HttpAccess> accesses(List<SeriesTracker.Delta> deltas) {
    Map<Key, long[]> folded = new LinkedHashMap<>();
    for (SeriesTracker.Delta d : deltas) {
      RequestSeries s = d.series();
      Key k =
          new Key(
              s.sourceWorkload(),
              s.sourceNamespace(),
              s.destinationWorkload(),
              s.destinationNamespace(),
              s.destinationService(),
              s.method(),
              s.path());
      long[] v = folded.get(k);
      if (v == null) {
        folded.put(k, new long[] {d.count(), d.fromMillis(), d.toMillis()});
      } else {
        v[0] += d.count();
        v[1] = Math.min(v[1], d.fromMillis());
        v[2] = Math.max(v[2], d.toMillis());
      }
    }
    List<HttpAccess> out = new ArrayList<>(folded.size());
    folded.forEach(
        (k, v) ->
            out.add(
                HttpAccess.newBuilder()
                    .setSeen(ObservationWindows.of(v[1], v[2], v[0]))
                    .setSourceWorkload(k.sourceWorkload())
                    .setSourceNamespace(k.sourceNamespace())
                    .setDestinationWorkload(k.destinationWorkload())
                    .setDestinationNamespace(k.destinationNamespace())
                    .setDestinationService(k.destinationService())
                    .setMethod(k.method())
                    .setPath(k.path())
                    .build()));
    return out;
  }

  /** Offers the accesses in batches of at most {@code batchMaxEntries}; returns the batch count. */
  public int offer(List<HttpAccess> accesses) {
    int batches = 0;
    for (int from = 0; from < accesses.size(); from += batchMaxEntries) {
      List<HttpAccess> chunk =
          List.copyOf(accesses.subList(from, Math.min(accesses.size(), from + batchMaxEntries)));
      delivery.offer(
          header -> HttpAccessReport.newBuilder().setHeader(header).addAllAccesses(chunk).build());
      batches++;
    }
    return batches;
  }
}
