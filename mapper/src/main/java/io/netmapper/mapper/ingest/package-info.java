/** Ingest: the ReportService reporters call, batch validation and de-duplication. */
package io.netmapper.mapper.ingest;
