/**
 * Reliable delivery of report batches from a reporter (sniffer, watchers) to the mapper.
 *
 * <p>{@link io.netmapper.common.deliver.ReportDelivery} stamps each batch with a {@code
 * BatchHeader} (reporter + increasing sequence), keeps unacknowledged batches serialized in a
 * buffer bounded by count and bytes (at most a quarter of the heap), sends them in order from one
 * worker thread, retries failures with exponential backoff and jitter (or after the delay an
 * over-capacity mapper asks for in {@code netmapper-retry-after-ms}), drops at once a batch the
 * mapper can never take ({@code too_large}, {@code rejected}) and drops the oldest batch (counted,
 * with a reason) when the buffer is full. {@code offer} never blocks, so a producer such as packet
 * capture is never held up by a slow or absent mapper. {@link io.netmapper.common.deliver.Batches}
 * splits entries by count and bytes. The transport is a {@link
 * io.netmapper.common.deliver.BatchSender} so every reporter and report kind shares this code.
 */
package io.netmapper.common.deliver;
