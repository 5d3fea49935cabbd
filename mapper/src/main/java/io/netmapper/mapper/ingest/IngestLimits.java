package io.netmapper.mapper.ingest;

/**
 * @param maxBatchEntries entries per batch above which the whole batch is rejected
 * @param maxAgeMillis an observation older than this is rejected as an absurd timestamp
 * @param maxFutureMillis an observation further in the future than this is rejected
 * @param maxOutOfOrderBatches sequences remembered above a reporter's watermark
 * @param reporterIdleMillis a reporter instance not heard from for this long is forgotten
 */
public record IngestLimits(
    int maxBatchEntries,
    long maxAgeMillis,
    long maxFutureMillis,
    int maxOutOfOrderBatches,
    long reporterIdleMillis) {}
