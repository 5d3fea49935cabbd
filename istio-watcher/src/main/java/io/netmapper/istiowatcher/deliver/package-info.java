/**
 * HTTP access batches to the mapper, through the shared {@link
 * io.netmapper.common.deliver.ReportDelivery} (batch ids, bounded retry buffer, backoff).
 */
package io.netmapper.istiowatcher.deliver;
