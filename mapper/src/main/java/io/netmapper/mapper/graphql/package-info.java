/**
 * Otterize's GraphQL API ({@code POST /query}) over netmapper's own map: queries go through the
 * same {@code MapperService} as the gRPC/JSON API, report mutations through the same {@code
 * ReportService} (validation, duplicate detection, metrics, resolution). Nothing here keeps a model
 * of the map of its own.
 */
package io.netmapper.mapper.graphql;
