/** Queries over the map: filters, stable ordering, and the MapperService the CLI calls. */
package io.netmapper.mapper.query;
