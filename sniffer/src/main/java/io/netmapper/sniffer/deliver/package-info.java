/**
 * Glue between the sniffer's aggregated intervals and the shared delivery code: builds {@code
 * DnsAnswerReport} and {@code ConnectionReport} batches ({@link
 * io.netmapper.sniffer.deliver.ReportBuilder}) and sends them to the mapper's {@code ReportService}
 * over gRPC ({@link io.netmapper.common.deliver.GrpcReportSender}). Protobuf types stay in this
 * package.
 */
package io.netmapper.sniffer.deliver;
